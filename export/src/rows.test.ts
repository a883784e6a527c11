import { rowsFromRange } from './rows';

describe('rowsFromRange', () => {
  it('stamps each value with the start of its step and orders series by project then region', () => {
    const end = Date.UTC(2026, 10, 2) / 1000;
    const rows = rowsFromRange(
      [
        { labels: { project: 'b', region: 'eu' }, values: [[end, '1']] },
        { labels: { project: 'a', region: 'us' }, values: [[end, '2'], [end + 86_400, '3']] },
        { labels: { project: 'a', region: 'eu' }, values: [[end, '4.5']] },
        { labels: {}, values: [[end, '0']] },
      ],
      { metric: 'egress_minutes', stepMs: 86_400_000 },
    );
    expect(rows).toEqual([
      { timestamp: '2026-11-01T00:00:00Z', metric: 'egress_minutes', project: '', region: '', value: '0' },
      { timestamp: '2026-11-01T00:00:00Z', metric: 'egress_minutes', project: 'a', region: 'eu', value: '4.5' },
      { timestamp: '2026-11-01T00:00:00Z', metric: 'egress_minutes', project: 'a', region: 'us', value: '2' },
      { timestamp: '2026-11-02T00:00:00Z', metric: 'egress_minutes', project: 'a', region: 'us', value: '3' },
      { timestamp: '2026-11-01T00:00:00Z', metric: 'egress_minutes', project: 'b', region: 'eu', value: '1' },
    ]);
  });
});

describe('rowsFromRange with histogram buckets', () => {
  it('orders the buckets of a series by their bound as a number, +Inf last', () => {
    const end = Date.UTC(2026, 10, 2) / 1000;
    const bucket = (le: string, route = '/a') => ({ labels: { project: 'p', region: 'eu', route, le }, values: [[end, le]] as Array<[number, string]> });
    const metric = (labels: Readonly<Record<string, string>>) =>
      `latency_bucket{${Object.keys(labels)
        .filter((k) => k !== 'project' && k !== 'region')
        .sort()
        .map((k) => `${k}="${labels[k]}"`)
        .join(',')}}`;
    const rows = rowsFromRange([bucket('10'), bucket('+Inf'), bucket('2.5'), bucket('0.5', '/b'), bucket('0.25')], { metric, stepMs: 86_400_000 });
    expect(rows.map((r) => r.metric)).toEqual([
      'latency_bucket{le="0.25",route="/a"}',
      'latency_bucket{le="2.5",route="/a"}',
      'latency_bucket{le="10",route="/a"}',
      'latency_bucket{le="+Inf",route="/a"}',
      'latency_bucket{le="0.5",route="/b"}',
    ]);
  });
});
