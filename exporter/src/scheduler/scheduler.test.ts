import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import type { ProbeResult, ProbeSpec } from '../probes/types';
import { createScheduler } from './scheduler';
import { manualClock, type ManualClock } from './testing/manual-clock';

function region(code: string, intervalMs: number): RegionConfig {
  return {
    code,
    name: code,
    url: 'wss://x',
    latitude: 0,
    longitude: 0,
    priority: 1,
    capacity: 1,
    failover: [],
    active: true,
    probe: { kind: 'tcp', target: `${code}:1`, intervalMs, timeoutMs: intervalMs / 2, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
    health: DEFAULT_HEALTH_POLICY,
  };
}

/** A probe that takes `ms` of the manual clock and records when each target started and how many ran at once. */
function timedProbe(clock: ManualClock, ms: (spec: ProbeSpec) => number) {
  const starts: Array<{ target: string; at: number }> = [];
  const running = new Map<string, number>();
  let concurrent = 0;
  let maxConcurrent = 0;
  let maxPerTarget = 0;
  const origin = clock.now();
  const run = async (spec: ProbeSpec, signal: AbortSignal): Promise<ProbeResult> => {
    starts.push({ target: spec.target, at: clock.now() - origin });
    concurrent++;
    maxConcurrent = Math.max(maxConcurrent, concurrent);
    running.set(spec.target, (running.get(spec.target) ?? 0) + 1);
    maxPerTarget = Math.max(maxPerTarget, running.get(spec.target)!);
    await clock.sleep(ms(spec), signal);
    concurrent--;
    running.set(spec.target, running.get(spec.target)! - 1);
    return { success: true, durationSeconds: ms(spec) / 1000 };
  };
  return { run, starts, stats: () => ({ maxConcurrent, maxPerTarget }) };
}

describe('the probe scheduler', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = manualClock();
  });

  it('spreads first probes evenly over the interval', async () => {
    const regions = ['a', 'b', 'c', 'd'].map((code) => region(code, 400));
    const probe = timedProbe(clock, () => 1);
    const scheduler = createScheduler({ regions, maxConcurrent: 10, runProbe: probe.run, onResult: async () => undefined, clock });
    scheduler.start();
    await clock.advance(350);
    await scheduler.stop();
    expect(probe.starts).toEqual([0, 100, 200, 300].map((at, index) => ({ target: `${'abcd'[index]}:1`, at })));
  });

  it('keeps each region on its own clock: ticks at origin + n × interval, without drift', async () => {
    const probe = timedProbe(clock, () => 7);
    const scheduler = createScheduler({ regions: [region('a', 100)], maxConcurrent: 1, runProbe: probe.run, onResult: async () => undefined, clock });
    scheduler.start();
    await clock.advance(450);
    await scheduler.stop();
    expect(probe.starts.map((s) => s.at)).toEqual([0, 100, 200, 300, 400]);
  });

  it('never probes one target twice at once and counts the skipped ticks', async () => {
    let skipped = 0;
    const probe = timedProbe(clock, () => 250); // longer than the 100 ms interval
    const scheduler = createScheduler({
      regions: [region('slow', 100)],
      maxConcurrent: 10,
      runProbe: probe.run,
      onResult: async () => undefined,
      onSkipped: (r, ticks) => (skipped += r.code === 'slow' ? ticks : 0),
      clock,
    });
    scheduler.start();
    await clock.advance(620);
    await scheduler.stop();
    expect(probe.stats().maxPerTarget).toBe(1);
    // Probes at 0, 300 and 600: ticks 100 and 200 fell inside the first (counted when it ended at
    // 250), 400 and 500 inside the second (counted at 550); the third still runs at 620.
    expect(probe.starts.map((s) => s.at)).toEqual([0, 300, 600]);
    expect(skipped).toBe(4);
  });

  it('counts the ticks a probe outlasted when it ends, then probes again on the next tick', async () => {
    let finish = (): void => {};
    let probes = 0;
    const skipped: number[] = [];
    const scheduler = createScheduler({
      regions: [region('held', 40)],
      maxConcurrent: 1,
      runProbe: () => {
        probes++;
        return new Promise((resolve) => (finish = () => resolve({ success: true, durationSeconds: 0 })));
      },
      onResult: async () => undefined,
      onSkipped: (_r, ticks) => skipped.push(ticks),
      clock,
    });
    scheduler.start();
    await clock.advance(200);
    // Ticks at 40, 80, 120, 160 and 200 came while the probe was held; none could start a probe, none is counted yet.
    expect(probes).toBe(1);
    expect(skipped).toEqual([]);
    finish();
    await clock.advance(0);
    expect(skipped).toEqual([5]);
    expect(probes).toBe(1);
    await clock.advance(40);
    expect(probes).toBe(2);
    finish();
    await scheduler.stop();
  });

  it('bounds how many probes run at once', async () => {
    const regions = Array.from({ length: 12 }, (_, i) => region(`r${i}`, 60));
    const probe = timedProbe(clock, () => 50);
    const scheduler = createScheduler({ regions, maxConcurrent: 3, runProbe: probe.run, onResult: async () => undefined, clock });
    scheduler.start();
    await clock.advance(300);
    await scheduler.stop();
    expect(probe.stats().maxConcurrent).toBe(3);
  });

  it('joins the running probe when asked to probe now, and rejects unknown regions', async () => {
    const probe = timedProbe(clock, () => 80);
    const results: ProbeResult[] = [];
    const scheduler = createScheduler({
      regions: [region('a', 10_000)],
      maxConcurrent: 1,
      runProbe: probe.run,
      onResult: async (_r, result) => void results.push(result),
      clock,
    });
    const both = Promise.all([scheduler.probeNow('a'), scheduler.probeNow('a')]);
    await clock.advance(80);
    const [first, second] = await both;
    expect(first).toBe(second);
    expect(probe.starts).toHaveLength(1);
    expect(results).toHaveLength(1);
    await expect(scheduler.probeNow('nope')).rejects.toThrow('unknown region nope');
    await scheduler.stop();
  });

  it('stop() aborts probes in flight and waits for them', async () => {
    const probe = timedProbe(clock, () => 5_000);
    const scheduler = createScheduler({ regions: [region('a', 10_000)], maxConcurrent: 1, runProbe: probe.run, onResult: async () => undefined, clock });
    scheduler.start();
    await clock.advance(20);
    expect(scheduler.inFlight()).toBe(1);
    await scheduler.stop();
    expect(clock.now() - 1_000_000).toBe(20);
    expect(scheduler.inFlight()).toBe(0);
  });
});
