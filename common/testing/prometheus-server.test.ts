import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backfillOpenMetrics, startPrometheus, toOpenMetrics, type BackfillSeries } from './prometheus-server';

describe('toOpenMetrics', () => {
  it('names the counter family without _total and its samples with it, ending with # EOF', () => {
    const text = toOpenMetrics([
      { name: 'jobs_total', type: 'counter', help: 'Jobs done.', labels: { queue: 'a"b\\c' }, samples: [[20, 2], [10, 1]] },
      { name: 'jobs', type: 'counter', labels: { queue: 'x' }, samples: [[10, 5]] },
      { name: 'depth', type: 'gauge', labels: {}, samples: [[10, Infinity]] },
    ]);
    expect(text).toBe(
      [
        '# TYPE jobs counter',
        '# HELP jobs Jobs done.',
        'jobs_total{queue="a\\"b\\\\c"} 1 10',
        'jobs_total{queue="a\\"b\\\\c"} 2 20',
        'jobs_total{queue="x"} 5 10',
        '# TYPE depth gauge',
        'depth +Inf 10',
        '# EOF',
        '',
      ].join('\n'),
    );
  });

  it('refuses one family declared as two types', () => {
    expect(() =>
      toOpenMetrics([
        { name: 'x_total', type: 'counter', labels: {}, samples: [] },
        { name: 'x', type: 'gauge', labels: {}, samples: [] },
      ]),
    ).toThrow('toOpenMetrics: x is both counter and gauge');
  });
});

describe('startPrometheus', () => {
  it('names the Debian package when the binary is missing', async () => {
    await expect(startPrometheus({ binary: '/nonexistent/prometheus' })).rejects.toThrow(
      'prometheus not found: install the Debian package prometheus (npm test installs it when run as root)',
    );
  });

  it('serves three days of backfilled hourly counter samples through query_range', async () => {
    const start = Date.UTC(2026, 9, 1) / 1000;
    const hours = 72;
    const series: BackfillSeries = {
      name: 'test_events_total',
      type: 'counter',
      help: 'Events.',
      labels: { site: 'a' },
      samples: Array.from({ length: hours + 1 }, (_, hour) => [start + hour * 3600, hour * 7] as const),
    };
    const dataDir = await mkdtemp(join(tmpdir(), 'pulse-prometheus-test-'));
    await backfillOpenMetrics(toOpenMetrics([series]), dataDir);
    const prometheus = await startPrometheus({ dataDir });
    try {
      const body = new URLSearchParams({ query: 'test_events_total', start: String(start), end: String(start + hours * 3600), step: '3600' });
      const answer = (await (await fetch(`${prometheus.url}/api/v1/query_range`, { method: 'POST', body })).json()) as {
        status: string;
        data: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> };
      };
      expect(answer.status).toBe('success');
      expect(answer.data.result).toHaveLength(1);
      expect(answer.data.result[0].metric).toEqual({ __name__: 'test_events_total', site: 'a' });
      expect(answer.data.result[0].values).toEqual(series.samples.map(([time, value]) => [time, String(value)]));
    } finally {
      await prometheus.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
