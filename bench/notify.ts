/**
 * Section 5, time to notify: a region goes down in the simulator → the exporter's probes see it →
 * Prometheus evaluates the generated PulseRegionDown (for: 15s) → Alertmanager routes it → the
 * notification reaches the exporter's webhook (the trigger history). Measured on the local stack
 * (scripts/stack/run-stack.ts) with the end-to-end test's shortened intervals — probes and
 * scrapes every 2 s, Alertmanager grouping in seconds — and the generated rules as they are.
 * Each trial: down → wait for the firing notification → up → wait for the resolved one.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse, stringify } from 'yaml';
import { DEFAULT_REGIONS } from '../demo/simulator/default-regions';
import { eventually, freePort } from '../exporter/src/testing/exporter-process';
import { startStack, type ConfigName } from '../scripts/stack/run-stack';
import { markdownTable, type Row, type SectionResult } from './report';
import type { SectionContext } from './section';
import { startSimulator, type SimulatorProcess } from './simulator';
import { summarize, type Summary } from './stats';

const ALERT = 'PulseRegionDown';
/** Regions taking trials at once, each its own alert group; staggered so they do not share evaluation ticks. */
const FULL_LANES = 5;
const FULL_TRIALS = 10;
const LANE_STAGGER_MS = 7300;

interface Trial {
  readonly region: string;
  readonly notifySeconds: number;
  readonly resolveSeconds: number;
}

interface Trigger {
  readonly alertname: string;
  readonly status: string;
  readonly labels: Record<string, string>;
  readonly received_at: string;
}

type StackFile = ConfigName;

/** The end-to-end test's intervals, and the regions' probes pointed at the bench's simulator. */
function tweakFor(simulator: SimulatorProcess) {
  return (file: StackFile, text: string): string => {
    const config = parse(text);
    if (file === 'prometheus.yml') Object.assign(config.global, { scrape_interval: '2s', scrape_timeout: '1s', evaluation_interval: '2s' });
    if (file === 'alertmanager.yml') Object.assign(config.route, { group_wait: '1s', group_interval: '5s' });
    if (file === 'pulse.yml') {
      config.defaults.probe = { interval: '2s', timeout: '1s' };
      for (const region of config.regions as Array<{ code: string; url: string; probe: { target: string } }>) {
        const simulated = simulator.region(region.code);
        region.url = simulated.mediaUrl;
        region.probe.target = simulated.healthUrl;
      }
    }
    return stringify(config);
  };
}

async function triggerAfter(exporterUrl: string, region: string, status: 'firing' | 'resolved', sinceMs: number): Promise<Trigger | undefined> {
  const { triggers } = (await (await fetch(`${exporterUrl}/api/v1/alerts/triggers?severity=critical&limit=100`)).json()) as { triggers: Trigger[] };
  return triggers.find((t) => t.alertname === ALERT && t.status === status && t.labels.region === region && Date.parse(t.received_at) >= sinceMs);
}

async function runTrial(simulator: SimulatorProcess, exporterUrl: string, region: string): Promise<Trial> {
  await simulator.setFault(region, 'down');
  const downAt = Date.now();
  const firing = await eventually(`${ALERT} firing for ${region}`, () => triggerAfter(exporterUrl, region, 'firing', downAt), 180_000);
  await simulator.setFault(region, 'none');
  const upAt = Date.now();
  const resolved = await eventually(`${ALERT} resolved for ${region}`, () => triggerAfter(exporterUrl, region, 'resolved', upAt), 180_000);
  return { region, notifySeconds: (Date.parse(firing.received_at) - downAt) / 1000, resolveSeconds: (Date.parse(resolved.received_at) - upAt) / 1000 };
}

export async function runNotify(ctx: SectionContext): Promise<SectionResult> {
  const { scope } = ctx;
  const lanes = ctx.quick ? 1 : FULL_LANES;
  const trials = ctx.quick ? 1 : FULL_TRIALS;
  ctx.log('notify: starting the simulator and the local stack (Redis, Prometheus, Alertmanager, pulse-exporter)');
  const simulator = await startSimulator(scope, DEFAULT_REGIONS.map((region) => ({ ...region, httpPort: 0, tlsPort: 0, loadWalk: false })));
  const ports = { prometheus: await freePort(), alertmanager: await freePort(), redis: await freePort(), exporter: await freePort(), forecaster: await freePort() };
  const stack = await startStack({
    dir: join(ctx.dir, 'stack'),
    ports,
    backfillDays: 0,
    tweak: tweakFor(simulator),
    services: new Set(['redis', 'prometheus', 'alertmanager', 'exporter'] as const),
    progress: (message) => ctx.log(`notify: ${message}`),
  });
  scope.defer('stop the local stack', () => stack.stop());
  const regions = DEFAULT_REGIONS.slice(0, lanes).map((region) => region.code);
  await eventually(
    'every region healthy and scraped by Prometheus',
    async () => {
      const health = (await (await fetch(`${stack.urls.exporter}/api/v1/regions`)).json()) as { regions: Array<{ code: string; health_status: string }> };
      if (!health.regions.every((r) => r.health_status === 'healthy')) return undefined;
      const query = await fetch(`${stack.urls.prometheus}/api/v1/query?${new URLSearchParams({ query: 'count(pulse_region_health_state{state="healthy"} == 1)' })}`);
      const body = (await query.json()) as { data: { result: Array<{ value: [number, string] }> } };
      return Number(body.data.result[0]?.value[1] ?? 0) >= DEFAULT_REGIONS.length ? true : undefined;
    },
    60_000,
  );

  const done: Trial[] = [];
  const perLane = Math.ceil(trials / lanes);
  ctx.log(`notify: ${trials} trials, ${lanes} regions at a time (about ${Math.round((perLane * 85) / 60)} min)`);
  await Promise.all(
    regions.map(async (region, lane) => {
      await sleep(lane * LANE_STAGGER_MS);
      for (let trial = 0; trial < perLane && lane * perLane + trial < trials; trial++) {
        const result = await runTrial(simulator, stack.urls.exporter, region);
        ctx.log(`notify: ${region}: notified after ${result.notifySeconds.toFixed(1)} s, resolved after ${result.resolveSeconds.toFixed(1)} s`);
        done.push(result);
        // Let the region's health window fill with successes before the next outage.
        await sleep(3000);
      }
    }),
  );
  return notifyResult(done, lanes);
}

function notifyResult(trials: readonly Trial[], lanes: number): SectionResult {
  const notify = summarize(trials.map((t) => t.notifySeconds));
  const resolve = summarize(trials.map((t) => t.resolveSeconds));
  const text = (s: Summary): string => `${s.p50.toFixed(1)} s (p99 ${s.p99.toFixed(1)} s, max ${s.max.toFixed(1)} s)`;
  const rows: Row[] = [
    { figure: `region down → webhook notification, ${trials.length} trials: p50 (p99, max)`, pulse: text(notify), goal: 'p50 < 60 s', met: notify.p50 < 60 },
    { figure: `region back → resolved notification, ${trials.length} trials: p50 (p99, max)`, pulse: text(resolve) },
  ];
  const detail = markdownTable(
    ['trial', 'region', 'down → notified', 'up → resolved'],
    trials.map((t, index) => [String(index + 1), t.region, `${t.notifySeconds.toFixed(1)} s`, `${t.resolveSeconds.toFixed(1)} s`]),
  );
  return {
    title: 'Time to notify',
    rows,
    details: [detail],
    notes: [
      'The local stack (scripts/stack/run-stack.ts) with Redis, Prometheus 2.42 with the generated rules, Alertmanager 0.25 with the generated routing and pulse-exporter; the regions are the demo\'s six on the bench\'s own simulator (free ports). Intervals as in the end-to-end test: probes every 2 s (timeout 1 s), scrape and rule evaluation every 2 s, Alertmanager group_wait 1 s and group_interval 5 s; PulseRegionDown keeps its generated for: 15s (one evaluation after the exporter\'s debounced state says down).',
      `Down: the simulator closes the region's listeners; notified: the received_at of the firing PulseRegionDown notification in the exporter's trigger history (GET /api/v1/alerts/triggers), minus the moment the fault was set. Resolved: the same for the resolved notification after the fault is cleared.`,
      `${lanes} regions take trials at the same time, their starts ${LANE_STAGGER_MS / 1000} s apart; each region is its own alert group (grouped by alertname, region and project), so the trials do not wait on each other, and the staggered starts fall at different points of the 2 s scrape and evaluation cycles.`,
    ],
  };
}
