/**
 * End to end, with every real part: Redis, Prometheus (generated rules), Alertmanager (generated
 * routing), the simulator, the exporter, the forecaster and the traffic generator, started by the
 * local stack on loopback. Intervals are shortened (probes and scrapes every 2 s, Alertmanager
 * grouping in seconds) so the test takes minutes; the rules themselves are the generated ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkSeedAnalyticsAPI, checkSeedRegionsAPI } from '../../exporter/src/contract/seed-stack-contract';
import { eventually } from '../../exporter/src/testing/exporter-process';
import { lintDashboard } from '../../grafana/src/lint/lint-dashboard';
import { allPanelQueries, readCommittedDashboards } from '../../grafana/src/queries/all-panel-queries';
import { parsePromql, syntaxErrors } from '../../grafana/src/promql/parse';
import type { RunningStack } from './run-stack';
import { promQuery as promQueryOf, rangeQuery as rangeQueryOf, startTestStack } from './testing/test-stack';

let stack: RunningStack;
const log: string[] = [];

const promQuery = (query: string) => promQueryOf(stack, query);

const rangeQuery = (query: string) => rangeQueryOf(stack, query);

/**
 * Every panel query of every committed dashboard: it parses, its dashboard passes the linter,
 * and it returns data from this Prometheus. Panels that state a fact when empty ("No store
 * error") must run without error; forecaster panels need data once the forecaster runs here.
 */
async function checkDashboardQueries(): Promise<void> {
  await eventually('forecasts in Prometheus', async () => ((await promQuery('pulse_forecast')).length > 0 ? true : undefined), 180_000);
  for (const dashboard of readCommittedDashboards()) expect({ uid: dashboard.uid, problems: lintDashboard(dashboard) }).toEqual({ uid: dashboard.uid, problems: [] });
  const queries = allPanelQueries({ __rate_interval: '1m' });
  expect(queries.length).toBeGreaterThan(50);
  const forecasterRuns = stack.services.some((s) => s.name === 'forecaster');
  const empty: string[] = [];
  for (const q of queries) {
    const where = `${q.dashboardUid} / ${q.panelTitle} / ${q.refId}`;
    expect({ where, errors: syntaxErrors(parsePromql(q.expr)) }).toEqual({ where, errors: [] });
    const answer = await rangeQuery(q.expr);
    expect({ where, status: answer.status, error: answer.error }).toEqual({ where, status: 'success', error: undefined });
    const hasData = (answer.data?.result.length ?? 0) > 0;
    if (!hasData) empty.push(`${where}${q.emptyMeans ? ` (shows "${q.emptyMeans}")` : ''}`);
    if (!hasData && q.emptyMeans === undefined && (!q.readsForecaster || forecasterRuns)) {
      expect({ where, expr: q.expr, hasData }).toEqual({ where, expr: q.expr, hasData: true });
    }
  }
  log.push(`dashboard queries: ${queries.length}, empty but allowed: ${empty.length}${empty.length ? `\n  ${empty.join('\n  ')}` : ''}`);
}

beforeAll(async () => {
  stack = await startTestStack({ fewForecasts: true, progress: (m) => log.push(m) });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

describe('the Pulse stack, end to end', () => {
  it('publishes forecasts that Prometheus stores, drawn into the future with the dashboard offset query', async () => {
    const forecasts = await eventually('pulse_forecast in Prometheus', async () => {
      const series = await promQuery('pulse_forecast{forecast_quantile="0.5"}');
      return series.length > 0 ? series : undefined;
    }, 180_000);
    expect(new Set(forecasts.map((s) => s.metric.metric)).size).toBe(5);
    expect(forecasts.every((s) => Number(s.value[1]) >= 0)).toBe(true);
    // The Forecast dashboard's query: the forecast made 1 day ago for each moment, so it reaches tomorrow.
    const now = Date.now() / 1000;
    const future = await fetch(`${stack.urls.prometheus}/api/v1/query_range?${new URLSearchParams({ query: 'pulse_forecast{horizon="1d", forecast_quantile="0.5"} offset 1d', start: String(now), end: String(now + 86_400 + 600), step: '60' })}`);
    const body = (await future.json()) as { data: { result: Array<{ values: Array<[number, string]> }> } };
    const lastPoint = Math.max(...body.data.result.flatMap((r) => r.values.map(([t]) => t)));
    expect(lastPoint).toBeGreaterThan(now + 86_000);
    const api = (await (await fetch(`${stack.urls.forecaster}/api/v1/forecast?metric=participant_minutes&project=demo-initech&days=7`)).json()) as { forecasts: Array<{ forecast_date: string; predicted_value: number }> };
    expect(api.forecasts).toHaveLength(7);
    expect(api.forecasts.every((f) => f.predicted_value > 0)).toBe(true);
  }, 200_000);

  // The contract (issue 11): the seed's regionsAPI and analyticsAPI read functions against the stack,
  // for the project the forecaster runs for here, with the demo projects' key.
  it('answers the seed regionsAPI and analyticsAPI read functions with every documented field', async () => {
    await checkSeedRegionsAPI(stack.urls.exporter);
    await checkSeedAnalyticsAPI(stack.urls.exporter, readFileSync(join(stack.secretsDir, 'demo-key'), 'utf8').trim(), 'demo-initech');
  }, 300_000);

  it('has every scrape target up', async () => {
    const jobs = await eventually(
      'every target up',
      async () => {
        const up = await promQuery('up');
        const byJob = Object.fromEntries(up.map((s) => [s.metric.job, s.value[1]]));
        const expected = ['prometheus', 'alertmanager', 'pulse-exporter', ...(stack.services.some((s) => s.name === 'forecaster') ? ['pulse-forecaster'] : [])];
        return expected.every((job) => byJob[job] === '1') ? byJob : undefined;
      },
      30_000,
    );
    expect(jobs['pulse-exporter']).toBe('1');
  }, 40_000);

  it('takes a region down: the alert fires, reaches the exporter webhook through Alertmanager on the pager route, then resolves', async () => {
    const region = 'eu-central';
    // The trigger history of every project needs the stack's admin key.
    const adminAuth = () => ({ authorization: `Bearer ${readFileSync(join(stack.secretsDir, 'admin-key'), 'utf8').trim()}` });
    const fault = await fetch(`${stack.urls.simulator}/regions/${region}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'down' }) });
    expect(fault.status).toBe(200);
    const downAt = Date.now();

    const firing = await eventually(
      'the PulseRegionDown notification in the trigger history',
      async () => {
        const { triggers } = (await (await fetch(`${stack.urls.exporter}/api/v1/alerts/triggers?severity=critical&limit=100`, { headers: adminAuth() })).json()) as {
          triggers: Array<{ alertname: string; status: string; labels: Record<string, string>; received_at: string }>;
        };
        return triggers.find((t) => t.alertname === 'PulseRegionDown' && t.status === 'firing' && t.labels.region === region);
      },
      150_000,
    );
    const notifyDelayS = (Date.parse(firing.received_at) - downAt) / 1000;
    log.push(`region down → webhook notification: ${notifyDelayS.toFixed(1)} s`);
    expect(firing.labels).toMatchObject({ severity: 'critical', channels: 'pager' });

    // Alertmanager routed it to the pager receiver as well as the history.
    const alerts = (await (await fetch(`${stack.urls.alertmanager}/api/v2/alerts?filter=alertname%3D%22PulseRegionDown%22`)).json()) as Array<{ receivers: Array<{ name: string }>; labels: Record<string, string> }>;
    const receivers = alerts.find((a) => a.labels.region === region)?.receivers.map((r) => r.name).sort();
    expect(receivers).toEqual(['pager', 'pulse-history']);
    expect((await promQuery(`ALERTS{alertname="PulseRegionDown", alertstate="firing", region="${region}"}`)).length).toBe(1);
    // The pager receiver posted to the stack's loopback sink, not to a pager outside the machine.
    const paged = await eventually('the pager notification in the sink', async () => {
      const got = stack.notifications.received().filter((n) => n.receiver === 'pager' && n.alerts.some((x) => x.labels.region === region));
      return got.length >= 2 ? got : undefined;
    }, 30_000);
    expect([...new Set(paged.map((n) => n.via))].sort()).toEqual(['slack', 'webhook']);

    // While the alert fires, every dashboard panel has something to show.
    await checkDashboardQueries();

    await fetch(`${stack.urls.simulator}/regions/${region}/fault`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'none' }) });
    const upAt = Date.now();
    const resolved = await eventually(
      'the resolved notification',
      async () => {
        const { triggers } = (await (await fetch(`${stack.urls.exporter}/api/v1/alerts/triggers?severity=critical&limit=100`, { headers: adminAuth() })).json()) as {
          triggers: Array<{ alertname: string; status: string; labels: Record<string, string>; received_at: string }>;
        };
        return triggers.find((t) => t.alertname === 'PulseRegionDown' && t.status === 'resolved' && t.labels.region === region);
      },
      120_000,
    );
    log.push(`region back → resolved notification: ${((Date.parse(resolved.received_at) - upAt) / 1000).toFixed(1)} s`);
    process.stdout.write(`${log.filter((l) => l.includes('→') || l.startsWith('dashboard')).join('\n')}\n`);
  }, 300_000);
});
