import { withinOneWindow } from './one-window';

/** A clock that reads the given times in turn (the last one from then on). */
const readings = (...times: number[]) => () => (times.length > 1 ? times.shift()! : times[0]);

describe('running requests within one fixed window', () => {
  it('returns the first run that began and ended in the same window', async () => {
    let runs = 0;
    expect(await withinOneWindow(100, async () => ++runs, { now: readings(1_010, 1_099) })).toBe(1);
  });

  it('runs again, in the window after the one a run crossed into, until a run stays in one', async () => {
    let runs = 0;
    // Began at 1 090 and ended at 1 110 (crossed 1 100); the next run 1 250 to 1 260.
    const seen = await withinOneWindow(100, async () => ++runs, { now: readings(1_090, 1_110, 1_250, 1_260) });
    expect(seen).toBe(2);
  });

  it('gives up after the runs it may try, naming the window', async () => {
    await expect(withinOneWindow(100, async () => 0, { tries: 2, now: readings(1_090, 1_110, 1_190, 1_210) })).rejects.toThrow('each of 2 runs crossed a 100 ms window boundary');
  });

  it('passes on what a run threw, without trying again', async () => {
    let runs = 0;
    await expect(withinOneWindow(100, async () => Promise.reject(new Error(`run ${++runs} failed`)), { now: readings(1_010) })).rejects.toThrow('run 1 failed');
    expect(runs).toBe(1);
  });
});
