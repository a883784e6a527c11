import { coalesced, withinDeadline } from './coalesce';

/** A run the test finishes by hand. */
function manualRuns() {
  const pending: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  let started = 0;
  const run = () =>
    new Promise<number>((resolve, reject) => {
      started++;
      pending.push({ resolve, reject });
    });
  return { run, started: () => started, finish: (value: number) => pending.shift()!.resolve(value), fail: () => pending.shift()!.reject(new Error('store hung')) };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('coalesced', () => {
  it('runs once for callers arriving together, and once more for all who arrive while it runs', async () => {
    const runs = manualRuns();
    const refresh = coalesced(runs.run);
    const first = refresh();
    const during = Array.from({ length: 30 }, () => refresh());
    expect(runs.started()).toBe(1);
    runs.finish(1);
    expect(await first).toBe(1);
    await flush();
    expect(runs.started()).toBe(2);
    runs.finish(2);
    expect(await Promise.all(during)).toEqual(Array(30).fill(2));
    expect(runs.started()).toBe(2);
  });

  it('starts the waiting run after a failed one, and a fresh run once idle', async () => {
    const runs = manualRuns();
    const refresh = coalesced(runs.run);
    const failing = refresh();
    const after = refresh();
    runs.fail();
    await expect(failing).rejects.toThrow('store hung');
    await flush();
    runs.finish(7);
    expect(await after).toBe(7);
    const idle = refresh();
    expect(runs.started()).toBe(3);
    runs.finish(8);
    expect(await idle).toBe(8);
  });
});

describe('withinDeadline', () => {
  it('answers the late value at the deadline while the promise hangs, and the promise when it is in time', async () => {
    const never = new Promise<string>(() => undefined);
    expect(await withinDeadline(never, 10, () => 'last known')).toBe('last known');
    expect(await withinDeadline(Promise.resolve('fresh'), 10_000, () => 'last known')).toBe('fresh');
    await expect(withinDeadline(Promise.reject(new Error('boom')), 10_000, () => 'last known')).rejects.toThrow('boom');
  });
});
