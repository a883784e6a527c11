/**
 * Sections 2 and 6, scrape and memory: the same usage series (projects × regions × usage types)
 * in pulse-exporter and in pushgateway, at each size; GET /metrics timed from request to last
 * byte, alternating between the two so a drift in machine speed favours neither; resident
 * memory of both processes read from /proc after each size's scrapes.
 */
import { SMALL_FOOTPRINT_FLAGS, startBenchExporter, type BenchExporter } from './exporter-setup';
import { createHttpClient, type HttpClient } from './http-client';
import { memoryResult } from './memory';
import { startPushgateway } from './peers';
import { memoryOf } from './proc-stats';
import { markdownTable, type Row, type SectionResult } from './report';
import { sizeText, storeName, type ScrapeFigures, type ScrapeMeasurement, type StoreKind } from './scrape-measurement';
import { countSeries, countUsageSeries, ingestProjects, projectsFor, pushSeries, SCRAPE_REGIONS } from './scrape-series';
import { mebibytes, ms, type SectionContext } from './section';
import { startBenchRedis } from './redis-server';
import { startSimulator } from './simulator';
import { summarize, type Summary } from './stats';

const FULL_SIZES = [10_000, 50_000, 200_000];
const QUICK_SIZES = [10_000, 50_000];
/** Scrapes of each tool at each size, after two unmeasured ones. */
const SCRAPES: Readonly<Record<number, number>> = { 10_000: 20, 50_000: 15, 200_000: 8 };
const QUICK_SCRAPES = 4;
const ACCEPT = { accept: 'text/plain;version=0.0.4' };

async function scrapeOnce(client: HttpClient, url: string): Promise<{ ms: number; body: Buffer }> {
  const answer = await client.request(`${url}/metrics`, { headers: ACCEPT, timeoutMs: 120_000 });
  if (answer.status !== 200) throw new Error(`GET ${url}/metrics: HTTP ${answer.status}`);
  return { ms: answer.ms, body: answer.body };
}

async function measureSize(client: HttpClient, tools: { pulse: { url: string; pid: number }; pushgateway: { url: string; pid: number } }, scrapes: number): Promise<{ pulse: ScrapeFigures; pushgateway: ScrapeFigures }> {
  const times = { pulse: [] as number[], pushgateway: [] as number[] };
  const last: Record<'pulse' | 'pushgateway', Buffer> = { pulse: Buffer.alloc(0), pushgateway: Buffer.alloc(0) };
  for (let round = -2; round < scrapes; round++) {
    // Alternate which goes first in a round.
    const order = round % 2 === 0 ? (['pulse', 'pushgateway'] as const) : (['pushgateway', 'pulse'] as const);
    for (const tool of order) {
      const scrape = await scrapeOnce(client, tools[tool].url);
      if (round >= 0) times[tool].push(scrape.ms);
      last[tool] = scrape.body;
    }
  }
  const figures = (tool: 'pulse' | 'pushgateway'): ScrapeFigures => ({
    time: summarize(times[tool]),
    bytes: last[tool].length,
    series: countSeries(last[tool]),
    memory: memoryOf(tools[tool].pid),
  });
  const result = { pulse: figures('pulse'), pushgateway: figures('pushgateway') };
  const [pulseUsage, peerUsage] = [countUsageSeries(last.pulse), countUsageSeries(last.pushgateway)];
  if (pulseUsage !== peerUsage) throw new Error(`the tools hold different usage series: pulse ${pulseUsage}, pushgateway ${peerUsage}`);
  return result;
}

async function measureStore(ctx: SectionContext, store: StoreKind, shared: { client: HttpClient; target: string; redisUrl: string; pushgateway: { url: string; pid: number } }): Promise<ScrapeMeasurement[]> {
  const scope = ctx.scope.child();
  try {
    const sizes = ctx.quick ? QUICK_SIZES : FULL_SIZES;
    const exporter: BenchExporter = await startBenchExporter(scope, ctx.dir, {
      regions: SCRAPE_REGIONS.map((code) => ({ code, target: shared.target })),
      interval: '15s',
      timeout: '5s',
      maxConcurrentProbes: 32,
      patternProjects: projectsFor(Math.max(...sizes)),
      ...(store !== 'memory' && { redisUrl: shared.redisUrl }),
      ...(store === 'redis-small' && { nodeFlags: SMALL_FOOTPRINT_FLAGS }),
      cpuProfDir: ctx.cpuProfDir,
    });
    const measurements: ScrapeMeasurement[] = [];
    let projects = 0;
    for (const size of sizes) {
      ctx.log(`scrape: ${store} store, ${size.toLocaleString('en-US')} series: seeding both tools`);
      await ingestProjects(shared.client, exporter, projects, projectsFor(size));
      projects = projectsFor(size);
      await pushSeries(shared.client, shared.pushgateway.url, projects);
      ctx.log(`scrape: ${store} store, ${size.toLocaleString('en-US')} series: scraping`);
      const figures = await measureSize(shared.client, { pulse: exporter, pushgateway: shared.pushgateway }, ctx.quick ? QUICK_SCRAPES : SCRAPES[size]);
      measurements.push({ store, size, ...figures });
    }
    return measurements;
  } finally {
    await scope.close();
  }
}

export async function runScrapeAndMemory(ctx: SectionContext): Promise<SectionResult[]> {
  const { scope } = ctx;
  ctx.log('scrape: starting the simulator');
  const simulator = await startSimulator(scope, [{ code: 'r', latencyMs: 5, jitterMs: 0 }]);
  const client = createHttpClient(8);
  scope.defer('close the HTTP client', () => client.close());
  const measurements: ScrapeMeasurement[] = [];
  const stores: StoreKind[] = ctx.quick ? ['redis'] : ['redis', 'memory', 'redis-small'];
  for (const store of stores) {
    // A fresh pushgateway per store, so its memory at each size is that size's, as Pulse's is.
    const peerScope = scope.child();
    const pushgateway = await startPushgateway(peerScope);
    // A fresh Redis per run too: a run must not find the series of the one before.
    const redis = await startBenchRedis(peerScope, ctx.dir);
    measurements.push(...(await measureStore(ctx, store, { client, target: simulator.region('r').healthUrl, redisUrl: redis.url, pushgateway })));
    await peerScope.close();
  }
  return [scrapeResult(measurements), memoryResult(measurements)];
}

const timeText = (time: Summary): string => `${ms(time.p50)} (p99 ${ms(time.p99)})`;

function scrapeResult(measurements: readonly ScrapeMeasurement[]): SectionResult {
  const rows: Row[] = measurements.map((m) => {
    const ratio = m.pulse.time.p50 / m.pushgateway.time.p50;
    return {
      figure: `GET /metrics, ${sizeText(m.size)}, ${storeName(m.store)}: p50 render time (p99)`,
      pulse: timeText(m.pulse.time),
      peerName: 'pushgateway',
      peer: timeText(m.pushgateway.time),
      ratio,
      ...(m.size === 50_000 && { goal: '≤ 0.2×', met: ratio <= 0.2 }),
    };
  });
  const detail = markdownTable(
    ['store', 'usage series', 'tool', 'samples exposed', 'bytes', 'scrapes', 'p50', 'p99', 'max'],
    measurements.flatMap((m) =>
      (['pulse', 'pushgateway'] as const).map((tool) => {
        const f = m[tool];
        return [storeName(m.store), m.size.toLocaleString('en-US'), tool === 'pulse' ? 'pulse-exporter' : 'pushgateway', f.series.toLocaleString('en-US'), `${f.bytes.toLocaleString('en-US')} (${mebibytes(f.bytes)})`, String(f.time.count), ms(f.time.p50), ms(f.time.p99), ms(f.time.max)];
      }),
    ),
  );
  return {
    title: 'Scrape',
    rows,
    details: [detail],
    notes: [
      `Series: projects × ${SCRAPE_REGIONS.length} regions × 5 usage types (pulse_usage_*{project,region}), the same names, labels and values in both tools. Pulse gets them as usage events (one per series, batches of 1000 with the project-pattern key); pushgateway as one group PUT in the text format. Each exposition also holds the tool's own series (Pulse: its region, probe and self-telemetry metrics; pushgateway: its Go runtime metrics and push timestamps), counted in "samples exposed".`,
      'Render time: GET /metrics from request to last byte over a kept-alive loopback connection, uncompressed (no Accept-Encoding; Accept: text/plain;version=0.0.4), two unmeasured scrapes first, then the two tools alternately.',
      'With the Redis store each scrape reads from Redis the totals changed since the previous one (the change feed every replica reads, so each shows the others\' writes), and every total on its first scrape; with the in-memory store it reads them from its own process. The measured scrapes follow seeding and two unmeasured ones, so they find nothing changed: the figure is the cost of serving the kept exposition. Pulse is measured with both stores; the 50k goal is read for each.',
    ],
  };
}
