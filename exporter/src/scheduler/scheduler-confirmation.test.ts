import { DEFAULT_HEALTH_POLICY, type RegionConfig } from '../config/model';
import type { ProbeResult } from '../probes/types';
import { createScheduler, type Scheduler } from './scheduler';
import { manualClock, type ManualClock } from './testing/manual-clock';

/** The shipped settings: every 15 s, timeout 5 s, down after 3, failures confirmed 3 s after. */
const REGION: RegionConfig = {
  code: 'a',
  name: 'a',
  url: 'wss://x',
  latitude: 0,
  longitude: 0,
  priority: 1,
  capacity: 1,
  failover: [],
  active: true,
  probe: { kind: 'tcp', target: 'a:1', intervalMs: 15_000, timeoutMs: 5_000, tcp: { tls: false, tlsOptions: { insecureSkipVerify: false } } },
  health: { ...DEFAULT_HEALTH_POLICY, confirmDelayMs: 3_000 },
};

interface Probed {
  readonly at: number;
  readonly success: boolean;
  readonly confirmation: boolean;
}

/**
 * A scheduler of REGION on a manual clock whose n-th probe (0-based) takes `ms(n)` and answers
 * `answers(n)`; records each result as the scheduler reports it, and the most probes of the
 * target at once.
 */
function scripted(clock: ManualClock, answers: (n: number) => boolean, ms: (n: number) => number = () => 10) {
  const origin = clock.now();
  const probed: Probed[] = [];
  const skipped: number[] = [];
  let calls = 0;
  let running = 0;
  let mostAtOnce = 0;
  const scheduler: Scheduler = createScheduler({
    regions: [REGION],
    maxConcurrent: 4,
    clock,
    runProbe: async (_spec, signal): Promise<ProbeResult> => {
      const n = calls++;
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      await clock.sleep(ms(n), signal);
      running--;
      return answers(n) ? { success: true, durationSeconds: ms(n) / 1000 } : { success: false, reason: 'connect_error', durationSeconds: ms(n) / 1000 };
    },
    onResult: async (_region, result) => {
      probed.push({ at: clock.now() - origin, success: result.success, confirmation: result.confirmation === true });
    },
    onSkipped: (_region, ticks) => skipped.push(ticks),
  });
  return { scheduler, probed, skipped, mostAtOnce: () => mostAtOnce };
}

const ok = (at: number, confirmation = false): Probed => ({ at, success: true, confirmation });
const failed = (at: number, confirmation = false): Probed => ({ at, success: false, confirmation });

describe('confirming a failed probe in the scheduler', () => {
  let clock: ManualClock;
  beforeEach(() => {
    clock = manualClock();
  });

  it('confirms an outage down_after - 1 times, confirm_delay apart, then leaves it to the ticks however long it lasts', async () => {
    const run = scripted(clock, () => false);
    run.scheduler.start();
    await clock.advance(60_000);
    await run.scheduler.stop();
    expect(run.probed).toEqual([failed(10), failed(3_020, true), failed(6_030, true), failed(15_010), failed(30_010), failed(45_010)]);
    expect(run.mostAtOnce()).toBe(1);
    expect(run.skipped).toEqual([]);
  });

  it('confirms a lost probe once, and that confirmation answering ends it', async () => {
    const run = scripted(clock, (n) => n !== 0);
    run.scheduler.start();
    await clock.advance(31_000);
    await run.scheduler.stop();
    expect(run.probed).toEqual([failed(10), ok(3_020, true), ok(15_010), ok(30_010)]);
  });

  it('leaves the confirmation to the next tick when it could still be running then (a target that hangs until the timeout)', async () => {
    const run = scripted(clock, () => false, () => 5_000);
    run.scheduler.start();
    await clock.advance(31_000);
    await run.scheduler.stop();
    // The second confirmation would start at 16 s, after the tick at 15 s: the tick is the third failure.
    expect(run.probed).toEqual([failed(5_000), failed(13_000, true), failed(20_000)]);
    expect(run.skipped).toEqual([]);
  });

  it('keeps one confirmation waiting per region: a failed probe asked for meanwhile adds none', async () => {
    const run = scripted(clock, () => false);
    run.scheduler.start();
    await clock.advance(1_000);
    void run.scheduler.probeNow('a');
    await clock.advance(8_000);
    await run.scheduler.stop();
    // Tick, probe asked for (2 in a row), the one confirmation armed by the tick (3: down), nothing more.
    expect(run.probed).toEqual([failed(10), failed(1_010), failed(3_020, true)]);
  });

  it('drops the waiting confirmation when a probe asked for meanwhile answers', async () => {
    const run = scripted(clock, (n) => n !== 0);
    run.scheduler.start();
    await clock.advance(1_000);
    void run.scheduler.probeNow('a');
    await clock.advance(10_000);
    await run.scheduler.stop();
    expect(run.probed).toEqual([failed(10), ok(1_010)]);
  });

  it('drops a waiting confirmation when stopped', async () => {
    const run = scripted(clock, () => false);
    run.scheduler.start();
    await clock.advance(1_000);
    await run.scheduler.stop();
    await clock.advance(10_000);
    expect(run.probed).toEqual([failed(10)]);
  });
});
