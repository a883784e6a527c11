import { probeHistoryText } from './backfill-probes';

const HOUR_MS = 3_600_000;

/** The last value of every series in the text, by its name and labels. */
function lastValues(text: string): Map<string, number> {
  const last = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [series, value] = line.split(' ');
    last.set(series, Number(value));
  }
  return last;
}

describe('probe history for the backfill', () => {
  const options = {
    regions: [
      { code: 'near', latencyMs: 20, jitterMs: 2 },
      { code: 'far', latencyMs: 210, jitterMs: 21 },
    ],
    intervalMs: 15_000,
    fromMs: 0,
    toMs: 6 * HOUR_MS,
    labels: { vantage: 'local', job: 'pulse-exporter' },
    nextTime: (t: number) => t + 60_000,
  };
  const text = [...probeHistoryText(options)].join('');
  const last = lastValues(text);
  const value = (series: string) => {
    const found = last.get(series);
    if (found === undefined) throw new Error(`no series ${series}`);
    return found;
  };

  it('counts one probe per interval, every one a success, in the count, +Inf and the result counter alike', () => {
    for (const region of ['near', 'far']) {
      const labels = `region="${region}",vantage="local",job="pulse-exporter"`;
      expect(value(`pulse_region_probe_duration_seconds_count{${labels}}`)).toBe((6 * HOUR_MS) / 15_000);
      expect(value(`pulse_region_probe_duration_seconds_bucket{${labels},le="+Inf"}`)).toBe((6 * HOUR_MS) / 15_000);
      expect(value(`pulse_region_probes_total{${labels},result="success"}`)).toBe((6 * HOUR_MS) / 15_000);
    }
  });

  it('spreads durations around the region latency, all within the 300 ms latency SLO', () => {
    const far = 'region="far",vantage="local",job="pulse-exporter"';
    const count = value(`pulse_region_probe_duration_seconds_count{${far}}`);
    expect(value(`pulse_region_probe_duration_seconds_bucket{${far},le="0.3"}`)).toBe(count);
    // Between 150 and 300 ms: some in each bucket on both sides of 210 ms.
    expect(value(`pulse_region_probe_duration_seconds_bucket{${far},le="0.15"}`)).toBe(0);
    const below = value(`pulse_region_probe_duration_seconds_bucket{${far},le="0.2"}`);
    expect(below).toBeGreaterThan(count * 0.2);
    expect(below).toBeLessThan(count * 0.5);
    expect(value(`pulse_region_probe_duration_seconds_sum{${far}}`) / count).toBeCloseTo(0.211, 2);
  });

  it('writes each series whole and in time order, as promtool needs', () => {
    const seen = new Map<string, number>();
    const finished = new Set<string>();
    let current = '';
    for (const line of text.split('\n')) {
      if (!line || line.startsWith('#')) continue;
      const [series, , at] = line.split(' ');
      if (series !== current) {
        expect(finished.has(series)).toBe(false);
        if (current) finished.add(current);
        current = series;
      }
      expect(Number(at)).toBeGreaterThan(seen.get(series) ?? -1);
      seen.set(series, Number(at));
    }
    // 2 regions × (18 buckets + count + sum + result counter)
    expect(seen.size).toBe(2 * 21);
  });
});
