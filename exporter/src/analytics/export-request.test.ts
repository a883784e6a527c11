import { DEFAULT_EXPORT_EXPIRE_AFTER_MS, DEFAULT_EXPORT_MAX_FILE_BYTES, DEFAULT_EXPORT_MAX_RANGE_MS, DEFAULT_EXPORT_QUERY_TIMEOUT_MS } from '../config/model';
import { requestedName } from '../../../export/src/custom-metrics';
import { usageMetric } from '../../../export/src/usage-metrics';
import type { CustomMetric } from '../custom-metrics/types';
import type { RecordedMetric } from '../recorded/model';
import { createMemoryStore } from '../store/memory-store';
import { exportRequestOf, exportSizeBound, parseExportQuery, type ExportJobSpec } from './export-request';

const settings = {
  prometheusUrl: 'http://127.0.0.1:9090',
  queryTimeoutMs: DEFAULT_EXPORT_QUERY_TIMEOUT_MS,
  expireAfterMs: DEFAULT_EXPORT_EXPIRE_AFTER_MS,
  maxFileBytes: DEFAULT_EXPORT_MAX_FILE_BYTES,
  maxRangeMs: DEFAULT_EXPORT_MAX_RANGE_MS,
};
const parse = (query: Record<string, unknown>, regions = ['eu-west', 'us-east'], store = createMemoryStore()) => parseExportQuery(query, { project: 'acme', settings, regions, lookup: store });
const names = (spec: ExportJobSpec) => spec.metrics.map(requestedName);

describe('the export request', () => {
  it('accepts 90 days by default and refuses 91, naming date_to', async () => {
    expect(await parse({ date_from: '2026-01-01', date_to: '2026-03-31' })).toMatchObject({ ok: true, spec: { dateFrom: '2026-01-01', dateTo: '2026-03-31', format: 'csv' } });
    expect(await parse({ date_from: '2026-01-01', date_to: '2026-04-01' })).toEqual({
      ok: false,
      problems: [{ field: 'date_to', message: 'the range covers 91 days, more than the limit of 90 (exports.max_range) (got date_from 2026-01-01, date_to 2026-04-01)' }],
    });
  });

  it('covers whole UTC days, both included, an hour per row, for the project alone, every metric by default', async () => {
    const parsed = await parse({ date_from: '2026-10-01', date_to: '2026-10-02', export_type: 'json' });
    if (!parsed.ok) throw new Error('expected a valid request');
    expect(exportRequestOf(parsed.spec)).toMatchObject({
      fromMs: Date.UTC(2026, 9, 1),
      toMs: Date.UTC(2026, 9, 3),
      stepMs: 3_600_000,
      projects: ['acme'],
      regions: [],
      format: 'json',
    });
    expect(names(parsed.spec)).toEqual(['participant_minutes', 'egress_minutes', 'storage_bytes', 'bandwidth_bytes', 'api_requests']);
  });

  it('takes metrics in both names, as metrics[] or a comma list, once each', async () => {
    const parsed = await parse({ date_from: '2026-10-01', date_to: '2026-10-01', 'metrics[]': ['storage_usage', 'storage_bytes'], metrics: 'api_request,egress_minutes' });
    if (!parsed.ok) throw new Error('expected a valid request');
    expect(names(parsed.spec)).toEqual(['storage_bytes', 'api_requests', 'egress_minutes']);
  });

  it('bounds the file by hours × metrics × configured regions × the longest row', () => {
    const spec = { project: 'acme', format: 'csv' as const, dateFrom: '2026-10-01', dateTo: '2026-10-01', metrics: [usageMetric('participant_minutes')] };
    const header = 'timestamp,metric,project,region,value\n'.length;
    const longestRow = '2026-01-01T00:00:00Z,participant_minutes,acme,eu-west,-1.7976931348623157e+308\n'.length;
    expect(exportSizeBound(spec, ['eu-west', 'us-east'])).toBe(header + 24 * 2 * longestRow);
    expect(exportSizeBound({ ...spec, dateTo: '2026-10-02' }, ['eu-west', 'us-east'])).toBe(header + 48 * 2 * longestRow);
  });
});

describe('custom metrics in an export request', () => {
  const definition: CustomMetric = {
    id: '0123456789abcdef01234567',
    project_id: 'acme',
    name: 'eu_minutes',
    description: '',
    metric_type: 'counter',
    aggregation: 'sum',
    query: { metric: 'participant_minutes', match: { region: 'eu-west' }, by: [] },
    is_active: true,
    created_at: '2026-12-07T00:00:00.000Z',
    updated_at: '2026-12-07T00:00:00.000Z',
  };
  const recorded = (name: string, type: RecordedMetric['type']): RecordedMetric => ({ name, type, category: 'business', value: 1, labels: [] });

  async function storeWithCustomMetrics() {
    const store = createMemoryStore();
    const limits = { maxNames: 50, maxSeries: 1000 };
    await store.recordMetrics('acme', [recorded('revenue', 'counter'), recorded('checkout_seconds', 'histogram'), recorded('eu_minutes', 'gauge')], limits, 60_000);
    await store.recordMetrics('globex', [recorded('orders', 'counter')], limits, 60_000);
    expect(await store.createCustomMetric(definition, 50)).toBe('ok');
    return store;
  }

  it("resolves the project's recorded values and definitions by name, both kinds when a name is both", async () => {
    const parsed = await parse({ date_from: '2026-10-01', date_to: '2026-10-01', metrics: 'revenue,api_request,checkout_seconds,eu_minutes' }, ['eu-west'], await storeWithCustomMetrics());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.spec.metrics).toEqual([
      { source: 'recorded', name: 'revenue', type: 'counter' },
      usageMetric('api_requests'),
      { source: 'recorded', name: 'checkout_seconds', type: 'histogram' },
      { source: 'recorded', name: 'eu_minutes', type: 'gauge' },
      { source: 'definition', name: 'eu_minutes', series: 'project:eu_minutes:sum_rate5m' },
    ]);
  });

  it("names another project's metric and a name no project has as unknown, at their index, and a name that cannot be one as malformed", async () => {
    const parsed = await parse({ date_from: '2026-10-01', date_to: '2026-10-01', 'metrics[]': ['revenue', 'orders', 'coffee', 'Coffee!'] }, ['eu-west'], await storeWithCustomMetrics());
    expect(parsed).toEqual({
      ok: false,
      problems: [
        { field: 'metrics[3]', message: expect.stringMatching(/^must be one of participant_minutes, .* or the name of one of the project's custom metrics \(snake_case, at most 100 characters\) \(got "Coffee!"\)$/) },
        { field: 'metrics[1]', message: 'unknown metric "orders": not a usage type (participant_minutes, egress_minutes, storage_bytes, bandwidth_bytes, api_requests), nor a custom metric definition or recorded value of project "acme"' },
        { field: 'metrics[2]', message: expect.stringContaining('unknown metric "coffee"') },
      ],
    });
  });

  it("bounds a definition's rows by the regions with its series name, and leaves recorded values to the running cap", () => {
    const spec: ExportJobSpec = { project: 'acme', format: 'csv', dateFrom: '2026-10-01', dateTo: '2026-10-01', metrics: [{ source: 'definition', name: 'eu_minutes', series: 'project:eu_minutes:sum_rate5m' }] };
    const header = 'timestamp,metric,project,region,value\n'.length;
    const row = '2026-01-01T00:00:00Z,project:eu_minutes:sum_rate5m,acme,eu-west,-1.7976931348623157e+308\n'.length;
    expect(exportSizeBound(spec, ['eu-west'])).toBe(header + 24 * row);
    expect(exportSizeBound({ ...spec, metrics: [...spec.metrics, { source: 'recorded', name: 'revenue', type: 'counter' }] }, ['eu-west'])).toBe(header + 24 * row);
  });
});
