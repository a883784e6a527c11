import { DEFAULT_EXPORT_EXPIRE_AFTER_MS, DEFAULT_EXPORT_MAX_FILE_BYTES, DEFAULT_EXPORT_MAX_RANGE_MS, DEFAULT_EXPORT_QUERY_TIMEOUT_MS } from '../config/model';
import { exportRequestOf, exportSizeBound, parseExportQuery } from './export-request';

const settings = {
  prometheusUrl: 'http://127.0.0.1:9090',
  queryTimeoutMs: DEFAULT_EXPORT_QUERY_TIMEOUT_MS,
  expireAfterMs: DEFAULT_EXPORT_EXPIRE_AFTER_MS,
  maxFileBytes: DEFAULT_EXPORT_MAX_FILE_BYTES,
  maxRangeMs: DEFAULT_EXPORT_MAX_RANGE_MS,
};
const parse = (query: Record<string, unknown>, regions = ['eu-west', 'us-east']) => parseExportQuery(query, { project: 'acme', settings, regions });

describe('the export request', () => {
  it('accepts 90 days by default and refuses 91, naming date_to', () => {
    expect(parse({ date_from: '2026-01-01', date_to: '2026-03-31' })).toMatchObject({ ok: true, spec: { dateFrom: '2026-01-01', dateTo: '2026-03-31', format: 'csv' } });
    expect(parse({ date_from: '2026-01-01', date_to: '2026-04-01' })).toEqual({
      ok: false,
      problems: [{ field: 'date_to', message: 'the range covers 91 days, more than the limit of 90 (exports.max_range) (got date_from 2026-01-01, date_to 2026-04-01)' }],
    });
  });

  it('covers whole UTC days, both included, an hour per row, for the project alone, every metric by default', () => {
    const parsed = parse({ date_from: '2026-10-01', date_to: '2026-10-02', export_type: 'json' });
    if (!parsed.ok) throw new Error('expected a valid request');
    expect(exportRequestOf(parsed.spec)).toMatchObject({
      fromMs: Date.UTC(2026, 9, 1),
      toMs: Date.UTC(2026, 9, 3),
      stepMs: 3_600_000,
      projects: ['acme'],
      regions: [],
      format: 'json',
    });
    expect(parsed.spec.metrics).toEqual(['participant_minutes', 'egress_minutes', 'storage_bytes', 'bandwidth_bytes', 'api_requests']);
  });

  it('takes metrics in both names, as metrics[] or a comma list, once each', () => {
    expect(parse({ date_from: '2026-10-01', date_to: '2026-10-01', 'metrics[]': ['storage_usage', 'storage_bytes'], metrics: 'api_request,egress_minutes' })).toMatchObject({
      ok: true,
      spec: { metrics: ['storage_bytes', 'api_requests', 'egress_minutes'] },
    });
  });

  it('bounds the file by hours × metrics × configured regions × the longest row', () => {
    const spec = { project: 'acme', format: 'csv' as const, dateFrom: '2026-10-01', dateTo: '2026-10-01', metrics: ['participant_minutes' as const] };
    const header = 'timestamp,metric,project,region,value\n'.length;
    const longestRow = '2026-01-01T00:00:00Z,participant_minutes,acme,eu-west,-1.7976931348623157e+308\n'.length;
    expect(exportSizeBound(spec, ['eu-west', 'us-east'])).toBe(header + 24 * 2 * longestRow);
    expect(exportSizeBound({ ...spec, dateTo: '2026-10-02' }, ['eu-west', 'us-east'])).toBe(header + 48 * 2 * longestRow);
  });
});
