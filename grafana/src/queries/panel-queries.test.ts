import { parsePromql, syntaxErrors } from '../promql/parse';
import { allPanelQueries, readCommittedDashboards } from './all-panel-queries';
import { initialVariableValues, panelQueriesOf } from './panel-queries';

const queries = allPanelQueries();

describe('every panel query', () => {
  it('is listed with its dashboard uid, panel title, refId and expression, one per target', () => {
    const targets = readCommittedDashboards().flatMap((d) => (d.panels ?? []).flatMap((p) => ('panels' in p && p.type === 'row' ? p.panels : [p]))).flatMap((p) => ('targets' in p ? (p.targets ?? []) : []));
    expect(queries).toHaveLength(targets.length);
    expect(queries.length).toBeGreaterThan(100);
    expect(new Set(queries.map((q) => q.dashboardUid))).toEqual(new Set(['pulse-regions', 'pulse-usage', 'pulse-forecast', 'pulse-alerts', 'pulse-internals']));
    expect(queries.find((q) => q.panelTitle === 'Region health map')).toEqual(expect.objectContaining({ dashboardUid: 'pulse-regions', refId: 'A', instant: true }));
  });

  it('has every variable replaced', () => {
    expect(queries.filter((q) => /\$\w|\$\{|\[\[/.test(q.expr)).map((q) => q.expr)).toEqual([]);
  });

  it("parses with Prometheus' own grammar once its variables are replaced", () => {
    const failing = queries.filter((q) => syntaxErrors(parsePromql(q.expr)).length > 0).map((q) => `${q.dashboardUid} › ${q.panelTitle} (${q.refId}): ${q.expr}`);
    expect(failing).toEqual([]);
  });

  it('starts from the values a user sees first: All, the provisioned data source, a 7-day horizon', () => {
    const forecast = queries.find((q) => q.panelTitle === 'Participant minutes: actual and forecast' && q.refId === 'B')!;
    expect(forecast.expr).toBe(
      'sum(max without (instance, pod, job) (pulse_forecast{metric="participant_minutes", project=~".*", region=~".*", horizon="7d", forecast_quantile="0.5"} offset 7d))',
    );
    expect(forecast.rawExpr).toContain('horizon="$horizon", forecast_quantile="0.5"} offset $horizon');
  });

  it('takes the values it is given over the initial ones', () => {
    const chosen = allPanelQueries({ project: ['acme', 'globex'], horizon: '30d', __rate_interval: '30s' });
    const forecast = chosen.find((q) => q.panelTitle === 'Participant minutes: actual and forecast' && q.refId === 'B')!;
    expect(forecast.expr).toContain('project=~"(acme|globex)"');
    expect(forecast.expr).toContain('offset 30d');
    expect(chosen.find((q) => q.panelTitle === 'Concurrent participants by project and region')!.expr).toContain('[30s]');
  });

  it('says which panels may come back empty, and why', () => {
    const empty = Object.fromEntries(queries.filter((q) => q.emptyMeans).map((q) => [`${q.dashboardUid} › ${q.panelTitle}`, q.emptyMeans]));
    expect(empty).toEqual({
      'pulse-alerts › Firing and pending alerts': 'No alert is firing or pending',
      'pulse-alerts › Alert history': 'No alert fired in the time range',
      'pulse-alerts › Notifications per hour by severity': 'No notification in the time range',
      'pulse-alerts › Notifications by alert in the time range': 'No notification in the time range',
      'pulse-forecast › Days until a quota or the capacity is reached': 'No forecast crosses a limit within its horizon',
      'pulse-internals › Config reloads by result': 'No reload in the time range',
      'pulse-internals › Probe errors by result': 'No probe failed',
      'pulse-internals › Probes skipped': 'No probe was skipped',
      'pulse-internals › Store errors by operation': 'No store error',
      'pulse-regions › TLS certificates expire in': 'No TLS probes',
      'pulse-regions › Probe failures by region and result': 'No probe failed',
      'pulse-usage › Project alerts fired in the time range': 'No project alert fired in the time range',
    });
  });

  it('says which queries need a forecaster to have run', () => {
    const forecaster = queries.filter((q) => q.readsForecaster).map((q) => `${q.dashboardUid} › ${q.panelTitle}`);
    expect(new Set(forecaster)).toEqual(
      new Set([
        'pulse-forecast › Series outside their forecast band',
        'pulse-forecast › Forecast age',
        'pulse-forecast › Model and accuracy per series',
        'pulse-forecast › Days until a quota or the capacity is reached',
        'pulse-forecast › Participant minutes: actual and forecast',
        'pulse-forecast › Egress minutes: actual and forecast',
        'pulse-forecast › Storage: actual and forecast',
        'pulse-forecast › Bandwidth: actual and forecast',
        'pulse-forecast › API requests: actual and forecast',
        'pulse-internals › Since the last forecaster run',
        'pulse-internals › Forecaster run duration',
        'pulse-internals › Forecaster source up',
      ]),
    );
    expect(queries.find((q) => q.panelTitle === 'Storage: actual and forecast' && q.refId === 'A')!.readsForecaster).toBe(false);
  });

  it('fails loudly on a variable its dashboard does not define', () => {
    const [dashboard] = readCommittedDashboards();
    const broken = { ...dashboard, templating: { list: [] } };
    expect(() => panelQueriesOf([broken])).toThrow(/^unknown variable \$/);
  });
});

describe('the initial values of variables', () => {
  it('are the current value, with All as the regex the variable sends', () => {
    expect(
      initialVariableValues([
        { type: 'query', name: 'region', allValue: '.*', current: { text: 'All', value: '$__all' } },
        { type: 'custom', name: 'horizon', current: { text: '7d', value: '7d' } },
        { type: 'query', name: 'vantage', current: { text: ['a', 'b'], value: ['a', 'b'] } },
        { type: 'textbox', name: 'empty' },
      ] as never),
    ).toEqual({ region: '.*', horizon: '7d', vantage: ['a', 'b'] });
  });
});
