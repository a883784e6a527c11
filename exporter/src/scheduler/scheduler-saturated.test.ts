/**
 * The scheduler when every slot is busy: which region gets the slot that frees, that none waits
 * forever and none is probed twice, and that waiting costs no timer per region.
 */
import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import type { ProbeResult } from '../probes/types';
import type { SchedulerClock } from './clock';
import { createScheduler, type SchedulerDeps } from './scheduler';
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
    probe: { kind: 'tcp', target: code, intervalMs, timeoutMs: intervalMs / 2, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
    health: DEFAULT_HEALTH_POLICY,
  };
}

const regions = (count: number, intervalMs: number): RegionConfig[] => Array.from({ length: count }, (_, i) => region(`r${i}`, intervalMs));

/** The manual clock as the scheduler sees it, counting the timers it arms (the probes sleep on the clock itself). */
function counted(clock: ManualClock): SchedulerClock & { armed: number } {
  const seen = { armed: 0 };
  return Object.assign(seen, {
    now: () => clock.now(),
    setTimeout: (callback: () => void, delayMs: number) => (seen.armed++, clock.setTimeout(callback, delayMs)),
    clearTimeout: (handle: unknown) => clock.clearTimeout(handle),
  });
}

/** Probes that take `ms` of the manual clock, recording each start and how many ran per target. */
function rig(clock: ManualClock, ms: number, deps: Pick<SchedulerDeps, 'regions' | 'maxConcurrent'>) {
  const origin = clock.now();
  const starts: Array<{ target: string; at: number }> = [];
  const skipped = new Map<string, number>();
  const running = new Map<string, number>();
  let maxPerTarget = 0;
  const schedulerClock = counted(clock);
  const scheduler = createScheduler({
    ...deps,
    clock: schedulerClock,
    runProbe: async (spec, signal): Promise<ProbeResult> => {
      starts.push({ target: spec.target, at: clock.now() - origin });
      running.set(spec.target, (running.get(spec.target) ?? 0) + 1);
      maxPerTarget = Math.max(maxPerTarget, running.get(spec.target)!);
      await clock.sleep(ms, signal);
      running.set(spec.target, running.get(spec.target)! - 1);
      return { success: true, durationSeconds: ms / 1000 };
    },
    onResult: async () => undefined,
    onSkipped: (r, ticks) => skipped.set(r.code, (skipped.get(r.code) ?? 0) + ticks),
  });
  return { scheduler, starts, skipped, timers: () => schedulerClock.armed, maxPerTarget: () => maxPerTarget, origin };
}

describe('the scheduler with every slot busy', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = manualClock();
  });

  it('gives a freed slot to the region whose tick has waited longest', async () => {
    // Five regions 20 ms apart, one slot, 30 ms probes: each tick waits for the probe before it.
    const { scheduler, starts } = rig(clock, 30, { regions: regions(5, 100), maxConcurrent: 1 });
    scheduler.start();
    await clock.advance(305);
    await scheduler.stop();
    expect(starts.slice(0, 11).map((s) => `${s.target}@${s.at}`)).toEqual(['r0@0', 'r1@30', 'r2@60', 'r3@90', 'r4@120', 'r0@150', 'r1@180', 'r2@210', 'r3@240', 'r4@270', 'r0@300']);
  });

  it('starts the next waiting region when a probe ends, without a timer per waiting region', async () => {
    const { scheduler, starts, timers } = rig(clock, 40, { regions: regions(50, 100), maxConcurrent: 2 });
    scheduler.start();
    await clock.advance(1000);
    await scheduler.stop();
    // Two slots of 40 ms probes for 1 s: 50 probes, each started by the end of the one before it.
    expect(starts.length).toBeGreaterThanOrEqual(50);
    expect(timers()).toBeLessThanOrEqual(1);
  });

  it('lets no region wait forever: each is probed in turn, and none twice at once', async () => {
    const { scheduler, starts, skipped, maxPerTarget } = rig(clock, 10, { regions: regions(20, 50), maxConcurrent: 2 });
    scheduler.start();
    await clock.advance(2000);
    await scheduler.stop();
    // 400 probes for 40 asked a second per region: every region gets its twentieth, ±1.
    const perRegion = new Map<string, number>();
    for (const { target } of starts) perRegion.set(target, (perRegion.get(target) ?? 0) + 1);
    expect(perRegion.size).toBe(20);
    for (const count of perRegion.values()) expect(Math.abs(count - 20)).toBeLessThanOrEqual(1);
    expect(maxPerTarget()).toBe(1);
    // The ticks no probe could serve are counted, not lost: probes plus skips cover every tick.
    const ticks = [...perRegion.keys()].map((code) => perRegion.get(code)! + (skipped.get(code) ?? 0));
    for (const count of ticks) expect(count).toBeGreaterThanOrEqual(39);
  });

  it('serves a probe asked for now after the ticks that were due before it, not after later ones', async () => {
    const all = [...regions(20, 50), region('asked', 3_600_000)];
    const { scheduler, starts } = rig(clock, 10, { regions: all, maxConcurrent: 2 });
    scheduler.start();
    await clock.advance(500);
    const asked = scheduler.probeNow('asked');
    const waitingBefore = starts.length;
    await clock.advance(200);
    await expect(asked).resolves.toMatchObject({ success: true });
    const at = starts.findIndex((s) => s.target === 'asked' && s.at > 0);
    expect(at).toBeGreaterThanOrEqual(waitingBefore);
    // At most every other region's overdue tick goes first: 20 regions on 2 slots.
    expect(at - waitingBefore).toBeLessThanOrEqual(20);
    await scheduler.stop();
  });

  it('joins a region whose tick waits for a slot when that region is asked for now: one probe, no skipped tick', async () => {
    const { scheduler, starts, skipped } = rig(clock, 30, { regions: [region('busy', 1000), region('waiting', 1000)], maxConcurrent: 1 });
    scheduler.start();
    // 'busy' is probed at 0 and 1000, 'waiting' at 500: ask for 'busy' just before 'waiting' is due.
    await clock.advance(495);
    void scheduler.probeNow('busy');
    await clock.advance(10);
    // At 505 'busy' runs on request; 'waiting' was due at 500 and still waits for the slot.
    const asked = scheduler.probeNow('waiting');
    expect(scheduler.probeNow('waiting')).toBe(asked);
    await clock.advance(100);
    await asked;
    await scheduler.stop();
    expect(starts.filter((s) => s.target === 'waiting').map((s) => s.at)).toEqual([525]);
    expect(skipped.get('waiting') ?? 0).toBe(0);
  });
});

describe('the scheduler with slots free', () => {
  it('starts ticks due within the same millisecond on one wake-up, never after their time', async () => {
    const clock = manualClock();
    // Twenty regions every 10 ms: ticks 0.5 ms apart.
    const { scheduler, starts, timers } = rig(clock, 1, { regions: regions(20, 10), maxConcurrent: 20 });
    scheduler.start();
    await clock.advance(9.9);
    await scheduler.stop();
    expect(starts.map((s) => s.at)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
    starts.forEach((s, index) => expect(s.at).toBeLessThanOrEqual(index * 0.5));
    expect(timers()).toBeLessThanOrEqual(10);
  });
});
