import { createTimerSet } from './timer-set';

describe('createTimerSet', () => {
  it('runs an action no earlier than asked and within a couple of milliseconds after', async () => {
    const timers = createTimerSet();
    const lateness: number[] = [];
    for (const ms of [0, 1, 5, 20]) {
      const started = performance.now();
      await new Promise<void>((resolve) => timers.after(ms, resolve));
      lateness.push(performance.now() - started - ms);
    }
    expect(Math.min(...lateness)).toBeGreaterThanOrEqual(0);
    expect([...lateness].sort((a, b) => a - b)[1]).toBeLessThan(2);
  });

  it('cancels every pending action, the coarse and the fine ones', async () => {
    const timers = createTimerSet();
    const ran: number[] = [];
    timers.after(1, () => ran.push(1));
    timers.after(50, () => ran.push(50));
    timers.cancelAll();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(ran).toEqual([]);
  });
});
