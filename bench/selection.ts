/**
 * Section "Selection": clients arriving across the six demo regions (exporter/config/pulse.yml),
 * placed by the exporter's own selection code (placeClient on the in-memory store) on a virtual
 * clock, once with `lowest_score` (the original design's rule) and once with the default
 * `spread`, on the same arrivals. Nothing runs on the network: this measures the policy, not speed.
 */
import { join } from 'node:path';
import { createSeededRandom } from '../demo/simulator/seeded-random';
import { loadConfigFile } from '../exporter/src/config/load';
import type { PulseConfig, SelectionStrategy } from '../exporter/src/config/model';
import { distanceKm } from '../exporter/src/selection/client-location';
import { placeClient } from '../exporter/src/selection/place-client';
import { createMemoryStore } from '../exporter/src/store/memory-store';
import type { LoadReport, ProbeStateRecord } from '../exporter/src/store/types';
import { markdownTable, type Row, type SectionResult } from './report';
import type { SectionContext } from './section';

const ARRIVALS_PER_SECOND = 200;
const STAY_SECONDS = [120, 240] as const; // uniform: 36,000 clients at once on average, 60 % of capacity
const REPORT_EVERY_MS = 15_000;
const NEAR_CAPACITY = 0.85;
/** Round trip from a client: 2 ms plus 1 ms per 100 km (fibre at 2/3 c, there and back, with some detour). */
const latencyMs = (km: number) => 2 + km / 100;

/** One client in this many measures no latency of its own: Pulse's probe latencies speak for it. */
const UNMEASURED_EVERY = 3;
/** What Pulse's probes measure from its vantage point, the same for every region here (a vantage in the middle). */
const PROBE_SECONDS = 0.02;

interface Client {
  readonly atMs: number;
  readonly stayMs: number;
  /** The round trip to every region (ms), for the extra-latency figure. */
  readonly latencies: Readonly<Record<string, number>>;
  /** Whether the client sends them (the seed's `latencies`); if not, selection uses the probes'. */
  readonly sends: boolean;
}

/** Clients spread evenly over the six regions' surroundings (±8° around each), each with its own stay. */
function arrivals(config: PulseConfig, seconds: number): Client[] {
  const random = createSeededRandom(2026);
  const clients: Client[] = [];
  const gapMs = 1000 / ARRIVALS_PER_SECOND;
  for (let atMs = 0; atMs < seconds * 1000; atMs += gapMs) {
    const home = config.regions[Math.floor(random.next() * config.regions.length)];
    const where = { latitude: home.latitude + (random.next() * 16 - 8), longitude: home.longitude + (random.next() * 16 - 8) };
    const latencies = Object.fromEntries(config.regions.map((r) => [r.code, Math.round(latencyMs(distanceKm(where, r)) * 10) / 10]));
    const sends = clients.length % UNMEASURED_EVERY !== 0;
    clients.push({ atMs, stayMs: (STAY_SECONDS[0] + random.next() * (STAY_SECONDS[1] - STAY_SECONDS[0])) * 1000, latencies, sends });
  }
  return clients;
}

interface Outcome {
  readonly maxRatio: number;
  readonly nearCapacityShare: number;
  /** The largest ÷ mean load ratio, its peak once the load is steady (after the longest stay). */
  readonly imbalance: number;
  readonly meanExtraLatencyMs: number;
  readonly peakTotalRatio: number;
}

async function simulate(base: PulseConfig, strategy: SelectionStrategy, clients: readonly Client[]): Promise<Outcome> {
  const config: PulseConfig = { ...base, selection: { ...base.selection, strategy } };
  const random = createSeededRandom(7);
  const deps = { store: createMemoryStore(), random: () => random.next(), onStoreError: () => undefined };
  const load = new Map(config.regions.map((r) => [r.code, 0]));
  const capacity = new Map(config.regions.map((r) => [r.code, r.capacity]));
  const totalCapacity = config.regions.reduce((sum, r) => sum + r.capacity, 0);
  const leaving: Array<{ atMs: number; region: string }> = [];
  let loads: LoadReport[] = [];
  let states: ProbeStateRecord[] = [];
  let nextReportMs = 0;
  let maxRatio = 0;
  let nearCapacity = 0;
  let extraLatency = 0;
  let measuring = 0;
  let imbalance = 0;
  let peakTotalRatio = 0;
  const report = (nowMs: number) => {
    loads = config.regions.map((r) => ({ region: r.code, load: load.get(r.code)!, source: 'probe' as const, atMs: nowMs }));
    states = config.regions.map((r) => ({ region: r.code, vantage: config.vantage.name, state: 'healthy' as const, recent: ['ok' as const], lastCheckMs: nowMs, result: { success: true, durationSeconds: PROBE_SECONDS } }));
    const ratios = config.regions.map((r) => load.get(r.code)! / r.capacity);
    const total = ratios.reduce((a, b) => a + b, 0);
    if (nowMs >= STAY_SECONDS[1] * 1000) imbalance = Math.max(imbalance, Math.max(...ratios) / (total / ratios.length));
    peakTotalRatio = Math.max(peakTotalRatio, [...load.values()].reduce((a, b) => a + b, 0) / totalCapacity);
  };
  for (const client of clients) {
    while (leaving.length > 0 && leaving[0].atMs <= client.atMs) {
      const gone = leaving.shift()!;
      load.set(gone.region, load.get(gone.region)! - 1);
    }
    if (client.atMs >= nextReportMs) {
      report(client.atMs);
      nextReportMs += REPORT_EVERY_MS;
    }
    const { selection } = await placeClient(config, { states, loads }, client.sends ? { latencies: client.latencies } : {}, deps, client.atMs);
    const region = selection!.primary.view.region.code;
    if (load.get(region)! / capacity.get(region)! > NEAR_CAPACITY) nearCapacity++;
    load.set(region, load.get(region)! + 1);
    maxRatio = Math.max(maxRatio, load.get(region)! / capacity.get(region)!);
    if (client.sends) {
      extraLatency += client.latencies[region] - Math.min(...Object.values(client.latencies));
      measuring++;
    }
    insertSorted(leaving, { atMs: client.atMs + client.stayMs, region });
  }
  return { maxRatio, nearCapacityShare: nearCapacity / clients.length, imbalance, meanExtraLatencyMs: extraLatency / measuring, peakTotalRatio };
}

function insertSorted(list: Array<{ atMs: number; region: string }>, item: { atMs: number; region: string }): void {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (list[mid].atMs <= item.atMs) low = mid + 1;
    else high = mid;
  }
  list.splice(low, 0, item);
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`;

export async function runSelection(ctx: SectionContext): Promise<SectionResult> {
  const seconds = ctx.quick ? 360 : 600;
  const config = loadConfigFile(join(__dirname, '../exporter/config/pulse.yml'));
  const clients = arrivals(config, seconds);
  ctx.log(`selection: ${clients.length} clients over ${seconds} s, lowest_score then spread`);
  const seed = await simulate(config, 'lowest_score', clients);
  const spread = await simulate(config, 'spread', clients);
  const underEighty = seed.peakTotalRatio < 0.8;
  const rows: Row[] = [
    {
      figure: 'largest load ratio reached',
      pulse: percent(spread.maxRatio),
      peer: percent(seed.maxRatio),
      peerName: 'lowest_score',
      goal: '≤ 100 % with total load under 80 %; below lowest_score',
      met: underEighty && spread.maxRatio <= 1 && spread.maxRatio < seed.maxRatio,
    },
    {
      figure: `clients placed in a region above ${NEAR_CAPACITY * 100} % of capacity`,
      pulse: percent(spread.nearCapacityShare),
      peer: percent(seed.nearCapacityShare),
      peerName: 'lowest_score',
      goal: 'below lowest_score',
      met: spread.nearCapacityShare < seed.nearCapacityShare || (spread.nearCapacityShare === 0 && seed.nearCapacityShare === 0),
    },
    {
      figure: 'imbalance: largest ÷ mean load ratio, peak once steady',
      pulse: spread.imbalance.toFixed(2),
      peer: seed.imbalance.toFixed(2),
      peerName: 'lowest_score',
      goal: '≤ 1.2; below lowest_score',
      met: spread.imbalance <= 1.2 && spread.imbalance < seed.imbalance,
    },
    {
      figure: 'mean extra latency a client accepts against its best-latency region (clients that send latencies)',
      pulse: `${spread.meanExtraLatencyMs.toFixed(1)} ms`,
      peer: `${seed.meanExtraLatencyMs.toFixed(1)} ms`,
      peerName: 'lowest_score',
      goal: '≤ 10 ms',
      met: spread.meanExtraLatencyMs <= 10,
    },
  ];
  const detail = markdownTable(
    ['strategy', 'largest load ratio', `placed above ${NEAR_CAPACITY * 100} %`, 'imbalance', 'mean extra latency', 'peak total load'],
    [
      ['spread (default)', percent(spread.maxRatio), percent(spread.nearCapacityShare), spread.imbalance.toFixed(2), `${spread.meanExtraLatencyMs.toFixed(1)} ms`, percent(spread.peakTotalRatio)],
      ['lowest_score', percent(seed.maxRatio), percent(seed.nearCapacityShare), seed.imbalance.toFixed(2), `${seed.meanExtraLatencyMs.toFixed(1)} ms`, percent(seed.peakTotalRatio)],
    ],
  );
  return {
    title: 'Selection',
    rows,
    details: [detail],
    notes: [
      `${ARRIVALS_PER_SECOND} clients a second for ${seconds} s (${clients.length} in all), each staying ${STAY_SECONDS[0] / 60}–${STAY_SECONDS[1] / 60} min, from places spread evenly around the six demo regions (±8° of latitude and longitude), two in three sending their own latencies (2 ms + 1 ms per 100 km), one in three none (selection then has Pulse's probes, ${PROBE_SECONDS * 1000} ms to every region from a vantage point in the middle: every such client sees the same scores, the case that herds). The extra latency is counted over the clients that send latencies: of the others Pulse knows no better. Capacity 10,000 per region; loads reported every ${REPORT_EVERY_MS / 1000} s as probes report them; the same arrivals for both strategies.`,
      'Placed by the exporter\'s own code (selection/place-client.ts) on the in-memory store, on a virtual clock: the figures describe the policy, not the machine. Imbalance is read at each load report once the longest stay has passed (steady load).',
    ],
  };
}
