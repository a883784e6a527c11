import { addLatencySample, averageLatencyMs, LATENCY_SAMPLES } from './latency-samples';

const ok = (ms: number) => ({ success: true, durationSeconds: ms / 1000 });
const failed = { success: false, reason: 'timeout' as const, durationSeconds: 5 };

describe('average latency samples', () => {
  it('averages the last ten successful round trips and leaves failed probes out', () => {
    let samples: readonly number[] = [];
    for (let ms = 1; ms <= 15; ms++) samples = addLatencySample(samples, ok(ms));
    samples = addLatencySample(samples, failed);
    expect(samples).toHaveLength(LATENCY_SAMPLES);
    expect(averageLatencyMs(samples)).toBe(10.5); // mean of 6..15
  });

  it('has no average before the first success', () => {
    expect(averageLatencyMs(addLatencySample([], failed))).toBeUndefined();
    expect(averageLatencyMs(undefined)).toBeUndefined();
  });
});
