import type { Dashboard, Panel, RowPanel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PULSE_DATASOURCE_UID } from '../datasource';
import { loadDashboardInputs } from '../inputs/load-dashboard-inputs';
import { asJson } from '../testing/dashboard-fixtures';
import { allDashboards } from './all-dashboards';

const dashboards: Dashboard[] = asJson(allDashboards(loadDashboardInputs()));
const byUid = (uid: string) => dashboards.find((d) => d.uid === uid)!;
const panelsOf = (d: Dashboard): Panel[] => (d.panels ?? []).flatMap((p) => (p.type === 'row' ? (p as RowPanel).panels : [p as Panel]));
const variableNames = (d: Dashboard) => (d.templating.list ?? []).map((v) => v.name);

describe('the Pulse dashboards', () => {
  it('are five, with stable uids and titles', () => {
    expect(dashboards.map((d) => [d.uid, d.title])).toEqual([
      ['pulse-regions', 'Pulse / Regions'],
      ['pulse-usage', 'Pulse / Usage'],
      ['pulse-forecast', 'Pulse / Forecast'],
      ['pulse-alerts', 'Pulse / Alerts'],
      ['pulse-internals', 'Pulse / Internals'],
    ]);
  });

  it('are tagged pulse and by subject', () => {
    expect(Object.fromEntries(dashboards.map((d) => [d.uid, d.tags]))).toEqual({
      'pulse-regions': ['pulse', 'regions'],
      'pulse-usage': ['pulse', 'usage'],
      'pulse-forecast': ['pulse', 'forecast', 'usage'],
      'pulse-alerts': ['pulse', 'alerts'],
      'pulse-internals': ['pulse', 'internals'],
    });
  });

  it.each(dashboards.map((d) => [d.uid, d] as const))('%s is read-only, has a description and links to every other Pulse dashboard', (_uid, d) => {
    expect(d.editable).toBe(false);
    expect(d.description).toMatch(/\w/);
    expect(d.links![0]).toEqual({ title: 'Pulse', type: 'dashboards', icon: '', tooltip: 'Other Pulse dashboards', tags: ['pulse'], asDropdown: false, targetBlank: false, includeVars: true, keepTime: true });
  });

  it('link the alert trigger history API where alerts are shown', () => {
    const apiLinks = Object.fromEntries(dashboards.map((d) => [d.uid, d.links!.slice(1).map((l) => l.url)]));
    expect(apiLinks).toEqual({
      'pulse-regions': [],
      'pulse-usage': ['${exporter_url}/api/v1/alerts/triggers?limit=100'],
      'pulse-forecast': [],
      'pulse-alerts': ['${exporter_url}/api/v1/alerts/triggers?limit=100'],
      'pulse-internals': [],
    });
  });

  it('offer the datasource first, then the filters their panels use', () => {
    expect(Object.fromEntries(dashboards.map((d) => [d.uid, variableNames(d)]))).toEqual({
      'pulse-regions': ['datasource', 'region', 'vantage'],
      'pulse-usage': ['datasource', 'project', 'region', 'exporter_url'],
      'pulse-forecast': ['datasource', 'project', 'region', 'horizon'],
      'pulse-alerts': ['datasource', 'project', 'region', 'severity', 'exporter_url'],
      'pulse-internals': ['datasource', 'instance'],
    });
  });

  it('default the datasource to the provisioned Prometheus', () => {
    for (const d of dashboards) expect(d.templating.list![0]).toEqual(expect.objectContaining({ type: 'datasource', query: 'prometheus', current: { text: 'Prometheus', value: PULSE_DATASOURCE_UID } }));
  });

  it('let project, region, vantage, instance and severity take several values or All', () => {
    const filters = dashboards.flatMap((d) => (d.templating.list ?? []).filter((v) => ['project', 'region', 'vantage', 'instance', 'severity'].includes(v.name)));
    expect(filters.length).toBe(10);
    for (const v of filters) expect(v).toEqual(expect.objectContaining({ multi: true, includeAll: true, allValue: '.*', current: { text: 'All', value: '$__all' } }));
    expect(byUid('pulse-usage').templating.list![1].query).toBe(
      'label_values({__name__=~"pulse_usage_participant_minutes_total|pulse_usage_egress_minutes_total|pulse_usage_storage_bytes|pulse_usage_bandwidth_bytes_total|pulse_usage_api_requests_total"}, project)',
    );
  });

  it('draw forecasts a month ahead, one horizon at a time', () => {
    const forecast = byUid('pulse-forecast');
    expect(forecast.time).toEqual({ from: 'now-30d', to: 'now+30d' });
    expect(forecast.templating.list!.find((v) => v.name === 'horizon')).toEqual(expect.objectContaining({ type: 'custom', query: '1d,7d,30d,90d', multi: false, current: { text: '7d', value: '7d' } }));
    const band = panelsOf(forecast).find((p) => p.title === 'Participant minutes: actual and forecast')!;
    expect(band.fieldConfig!.overrides.find((o) => o.matcher.options === '95 % band, high')!.properties).toContainEqual({ id: 'custom.fillBelowTo', value: '95 % band, low' });
  });

  it('put the regions on a world map by their coordinates', () => {
    const map = panelsOf(byUid('pulse-regions')).find((p) => p.type === 'geomap')!;
    expect(map.options.layers[0]).toEqual(expect.objectContaining({ type: 'markers', location: { mode: 'coords', latitude: 'latitude', longitude: 'longitude' } }));
    expect(map.transformations![0]).toEqual({ id: 'convertFieldType', options: { conversions: [{ targetField: 'latitude', destinationType: 'number' }, { targetField: 'longitude', destinationType: 'number' }], fields: {} } });
  });

  it.each(dashboards.map((d) => [d.uid, d] as const))('%s numbers its panels uniquely and keeps them inside the 24-column grid', (_uid, d) => {
    const all = [...(d.panels ?? []), ...panelsOf(d)];
    const ids = [...new Set(all)].map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of all) expect(p.gridPos!.x + p.gridPos!.w).toBeLessThanOrEqual(24);
  });
});
