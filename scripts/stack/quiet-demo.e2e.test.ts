/**
 * A quiet demo stays quiet: the whole stack (demo traffic, the simulator's healthy regions,
 * forecasts of every demo series, the generated rules) runs for 10 minutes with no fault
 * injected, and no alert fires or is even pending at any time. The demo's usage and limits agree
 * by construction (demo/demo-limits.test.ts); this shows it on the running stack. Then a usage
 * spike sent into the demo traffic raises the anomaly flag of its series, and of no other.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { parse } from 'yaml';
import { parseDuration } from '../../common/duration';
import { eventually } from '../../exporter/src/testing/exporter-process';
import { LATEST_HOUR_SETTLE_MS } from '../../forecaster/src/service/latest-anomaly';
import { allPanelQueries } from '../../grafana/src/queries/all-panel-queries';
import type { RunningStack } from './run-stack';
import { promQuery, rangeQuery, startTestStack } from './testing/test-stack';

const ROOT = join(__dirname, '..', '..');
/** Ten minutes in `npm test`; PULSE_QUIET_MINUTES=60 runs the hour issue 15 asks for (about 75 minutes in all). */
const QUIET_FOR_MS = Number(process.env.PULSE_QUIET_MINUTES ?? 10) * 60_000;
const LOOK_EVERY_MS = 10_000;
/** Issue 16: the forecast dashboard has data this soon after the stack is started on a fresh folder. */
const FORECAST_DASHBOARD_WITHIN_MS = 5 * 60_000;
/** The spike goes in this far into the quiet minutes, so the latest hour has settled by their end. */
const SPIKE_AFTER_MS = QUIET_FOR_MS - LATEST_HOUR_SETTLE_MS - 2 * 60_000;
if (!(SPIKE_AFTER_MS > 0)) throw new Error(`PULSE_QUIET_MINUTES: at least 8 minutes, so the spike's hour settles within them (got "${process.env.PULSE_QUIET_MINUTES}")`);
/** The forecaster's own schedule: quiet minutes that reach its second run must not hold the spike, which that run would flag. */
const SCHEDULE_MS = parseDuration(String((parse(readFileSync(join(ROOT, 'forecaster/config/forecaster.yml'), 'utf8')) as { schedule: unknown }).schedule));
if (!SCHEDULE_MS) throw new Error('forecaster/config/forecaster.yml: schedule: expected a duration');
const SPIKE_DURING_QUIET = QUIET_FOR_MS + 10 * 60_000 < SCHEDULE_MS;
const SPIKED = { metric: 'participant_minutes', project: 'demo-initech', region: 'eu-west' };

let stack: RunningStack;
let startedAt: number;
const log: string[] = [];

beforeAll(async () => {
  startedAt = Date.now();
  // Probes as shipped: every 15 s with a 5 s timeout.
  stack = await startTestStack({ shippedProbes: true });
}, 600_000);

afterAll(async () => {
  process.stdout.write(`${log.join('\n')}\n`);
  await stack?.stop();
});

/** The demo traffic's one-shot spike, as the README gives it. */
async function sendSpike(): Promise<void> {
  const spike = `${SPIKED.project}/${SPIKED.region}/${SPIKED.metric}`;
  await promisify(execFile)(process.execPath, ['--import', 'tsx', 'demo/traffic/main.ts', '--exporter', stack.urls.exporter, '--spike', spike, '--times', '5'], {
    cwd: ROOT,
    env: { ...process.env, PULSE_DEMO_KEY_FILE: join(stack.secretsDir, 'demo-key') },
  });
}

describe('the demo stack with no fault', () => {
  it(`has data in every forecast dashboard query within ${FORECAST_DASHBOARD_WITHIN_MS / 60_000} minutes of the start`, async () => {
    // Panels that say something when empty ("No forecast crosses a limit") may stay empty.
    const queries = allPanelQueries({ __rate_interval: '1m' }).filter((q) => q.dashboardUid === 'pulse-forecast' && q.emptyMeans === undefined);
    expect(queries.length).toBeGreaterThan(20);
    const empty = async () => {
      const answers = await Promise.all(queries.map(async (q) => ({ q, answer: await rangeQuery(stack, q.expr) })));
      return answers.filter(({ answer }) => !(answer.data?.result.length ?? 0)).map(({ q }) => `${q.panelTitle} / ${q.refId}`);
    };
    // Some two dozen range queries a look: one look every 5 s.
    const allHaveData = async () => ((await empty()).length === 0 ? true : sleep(5000).then(() => undefined));
    await eventually('every forecast dashboard query with data', allHaveData, Math.max(0, startedAt + FORECAST_DASHBOARD_WITHIN_MS - Date.now())).catch(async (error: Error) => {
      throw new Error(`${error.message}; still empty: ${(await empty()).join(', ')}`);
    });
    log.push(`forecast dashboard: every query has data ${((Date.now() - startedAt) / 1000).toFixed(0)} s after the start`);
  }, FORECAST_DASHBOARD_WITHIN_MS + 60_000);

  it(`raises no alert, firing or pending, for ${QUIET_FOR_MS / 60_000} minutes`, async () => {
    // From the moment every part is up and the forecasts are in: the forecast-limit alerts read them.
    await eventually('every target up', async () => {
      const up = await promQuery(stack, 'up');
      return up.length >= 4 && up.every((s) => s.value[1] === '1') ? true : undefined;
    }, 120_000);
    await eventually('forecasts of every usage type in Prometheus', async () => {
      const types = new Set((await promQuery(stack, 'pulse_forecast')).map((s) => s.metric.metric));
      return types.size === 5 ? true : undefined;
    }, 600_000);
    const seen = new Map<string, string>();
    const from = Date.now();
    let spiked = false;
    while (Date.now() < from + QUIET_FOR_MS) {
      // Each alert with the time of the evaluation that wrote it. One written before `from` is the
      // start-up's, still visible until the next evaluation (2 s later) marks it stale: until the
      // forecaster's first scrape, `absent(up{job="pulse-forecaster"})` holds PulseForecasterDown
      // pending, and a first forecast run done within that evaluation's 2 s let this loop see it.
      for (const alert of await promQuery(stack, 'timestamp(ALERTS)')) {
        if (Number(alert.value[1]) * 1000 < from) continue;
        const { alertname, alertstate, ...labels } = alert.metric;
        delete labels.__name__;
        seen.set(`${alertname} ${JSON.stringify(labels)}`, alertstate);
      }
      // One alert is enough to fail: say so now rather than at the end of an hour.
      if (seen.size > 0) break;
      // No forecast runs before the next test asks for one, so the spike changes no alert here.
      if (SPIKE_DURING_QUIET && !spiked && Date.now() >= from + SPIKE_AFTER_MS) {
        await sendSpike();
        spiked = true;
      }
      await sleep(LOOK_EVERY_MS);
    }
    expect([...seen].map(([alert, state]) => `${state}: ${alert}`)).toEqual([]);
    if (!spiked) {
      await sendSpike();
      await sleep(LATEST_HOUR_SETTLE_MS + 60_000);
    }
  }, QUIET_FOR_MS + 20 * 60_000);

  /** The series flagged by a forecast run made now, once Prometheus has scraped them. */
  async function flaggedAfterARun(): Promise<Array<Record<string, string>>> {
    const runs = async () => Number((await promQuery(stack, 'sum(pulse_forecaster_runs_total{result="success"})'))[0]?.value[1] ?? 0);
    const before = await runs();
    const run = await fetch(`${stack.urls.forecaster}/api/v1/run`, { method: 'POST', headers: { authorization: `Bearer ${readFileSync(join(stack.secretsDir, 'admin-key'), 'utf8').trim()}` } });
    expect(run.status).toBe(200);
    await eventually('the run in Prometheus', async () => ((await runs()) > before ? true : undefined), 60_000);
    return (await promQuery(stack, 'pulse_forecast_anomaly == 1')).map(({ metric }) => ({ metric: metric.metric, project: metric.project, region: metric.region }));
  }
  let flagged: Array<Record<string, string>>;

  it('flags the series of an injected usage spike as an anomaly', async () => {
    flagged = await flaggedAfterARun();
    expect(flagged).toContainEqual(SPIKED);
  }, 300_000);

  // The demo traffic continues from the exact minute the backfilled history ends (run-stack.ts),
  // so the hours around a fresh start have no hole that reads as a dip.
  it('flags no other series in the hour after a fresh start', () => {
    expect(flagged).toEqual([SPIKED]);
  });
});
