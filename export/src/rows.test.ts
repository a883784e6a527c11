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
