import { runAttempt, type Probing } from './attempt';
import { withWallSeconds } from './test-servers';

const idle = (release: () => void = () => undefined): Probing => ({ release });

describe('runAttempt', () => {
  it('resolves with what the probe settled, timed from the start', async () => {
    const { result, wallSeconds } = await withWallSeconds(() =>
      runAttempt(1000, undefined, (attempt) => {
        setTimeout(() => attempt.settle({ success: true }), 20);
        return idle();
      }),
    );
    // The settle's time, not the deadline's: a success is what settled first, and its duration
    // runs from the attempt's start (at least the 20 ms) to the settle, inside the call.
    expect(result.success).toBe(true);
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.019);
    expect(result.durationSeconds).toBeLessThanOrEqual(wallSeconds);
  });

  it('counts only the first settle and releases exactly once', async () => {
    const release = jest.fn();
    const result = await runAttempt(1000, undefined, (attempt) => {
      setTimeout(() => {
        attempt.settle({ success: false, reason: 'connect_error' });
        attempt.settle({ success: true });
      }, 1);
      return idle(release);
    });
    expect(result).toMatchObject({ success: false, reason: 'connect_error' });
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('times out at the deadline and releases the probe', async () => {
    const release = jest.fn();
    const result = await runAttempt(100, undefined, () => idle(release));
    expect(result).toMatchObject({ success: false, reason: 'timeout' });
    expect(result.durationSeconds).toBeGreaterThanOrEqual(0.099);
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('merges the facts gathered so far into every outcome, a timeout too', async () => {
    const result = await runAttempt(30, undefined, () => ({ release: () => undefined, facts: () => ({ statusCode: 0 }) }));
    expect(result).toMatchObject({ reason: 'timeout', statusCode: 0 });
  });

  it('reports the probe’s own verdict at the deadline when it has one', async () => {
    const result = await runAttempt(30, undefined, () => ({
      release: () => undefined,
      atDeadline: () => ({ success: true, durationSeconds: 0.005 }),
    }));
    expect(result).toEqual({ success: true, durationSeconds: 0.005 });
  });

  it('ends as a timeout when aborted, and at once when already aborted', async () => {
    const controller = new AbortController();
    const pending = runAttempt(5000, controller.signal, () => idle());
    controller.abort();
    expect(await pending).toMatchObject({ success: false, reason: 'timeout', message: expect.stringMatching(/aborted/) });

    const start = jest.fn(() => idle());
    expect(await runAttempt(5000, AbortSignal.abort(), start)).toMatchObject({ reason: 'timeout' });
    expect(start).not.toHaveBeenCalled();
  });

  it('turns a throw while starting into a protocol_error', async () => {
    const result = await runAttempt(1000, undefined, () => {
      throw new TypeError('spec.http is undefined');
    });
    expect(result).toMatchObject({ success: false, reason: 'protocol_error', message: expect.stringMatching(/spec.http/) });
  });

  it('releases a probe that settled while it was starting', async () => {
    const release = jest.fn();
    await runAttempt(1000, undefined, (attempt) => {
      attempt.settle({ success: true });
      return idle(release);
    });
    expect(release).toHaveBeenCalledTimes(1);
  });

  it('keeps the outcome when releasing throws', async () => {
    const result = await runAttempt(1000, undefined, (attempt) => {
      setTimeout(() => attempt.settle({ success: true }), 1);
      return idle(() => {
        throw new Error('already gone');
      });
    });
    expect(result.success).toBe(true);
  });

  it.each([0, -1, Number.NaN, 2 ** 31, '1000' as unknown as number])('rejects a timeout of %p as a protocol_error', async (timeoutMs) => {
    const start = jest.fn(() => idle());
    expect(await runAttempt(timeoutMs, undefined, start)).toMatchObject({ success: false, reason: 'protocol_error' });
    expect(start).not.toHaveBeenCalled();
  });
});
