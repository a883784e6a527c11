import { performance } from 'node:perf_hooks';
import { describeError, failure, type Outcome } from './failure';
import type { ProbeResult } from './types';

/** setTimeout silently turns anything longer into 1 ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Handed to a probe while it runs. */
export interface Attempt {
  /** performance.now() when the probe started; phases are measured from here. */
  readonly startedAt: number;
  elapsedSeconds(): number;
  /** Ends the probe. Only the first call counts, so late events after a timeout are harmless. */
  settle(outcome: Outcome): void;
}

/** What a started probe gives back to the attempt. */
export interface Probing {
  /** Destroys sockets and requests; called exactly once, when the probe settles. Must not throw. */
  release(): void;
  /** Facts gathered so far, merged into every outcome, a timeout's too: phases, status, expiry. */
  facts?(): Partial<Outcome>;
  /**
   * What to report when the deadline or an abort comes before settle; a timeout unless the probe
   * has already decided and is only tidying up (a WebSocket close handshake).
   */
  atDeadline?(): Outcome | undefined;
}

/**
 * Runs one probe under a hard deadline. It owns the only timer, so every probe gets the same
 * guarantees: the promise resolves by timeoutMs (or on abort), never rejects, and the probe's
 * sockets are released before it resolves. A throw while starting is a protocol_error.
 */
export function runAttempt(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  start: (attempt: Attempt) => Probing,
): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const startedAt = performance.now();
    const elapsedSeconds = (): number => (performance.now() - startedAt) / 1000;
    let probing: Probing | undefined;
    let settled = false;
    let stopTimer = (): void => {};

    const release = (): void => {
      try {
        probing?.release();
      } catch {
        // Tidying up must not turn a decided result into a crash; the socket is lost either way.
      }
    };
    const settle = (outcome: Outcome): void => {
      if (settled) return;
      settled = true;
      stopTimer();
      signal?.removeEventListener('abort', onAbort);
      const result: ProbeResult = { ...probing?.facts?.(), ...outcome, durationSeconds: outcome.durationSeconds ?? elapsedSeconds() };
      release();
      resolve(result);
    };
    const cutShort = (fallback: Outcome): void => settle(probing?.atDeadline?.() ?? fallback);
    // An abort is the caller's own deadline (shutdown), so it reads as a timeout, as in blackbox_exporter.
    const onAbort = (): void => cutShort(failure('timeout', `aborted: ${describeError(signal?.reason)}`));

    if (!(typeof timeoutMs === 'number' && timeoutMs > 0 && timeoutMs <= MAX_TIMER_MS)) {
      settle(failure('protocol_error', `invalid timeout: ${String(timeoutMs)} ms`));
      return;
    }
    if (signal?.aborted) {
      onAbort();
      return;
    }
    const timer = setTimeout(() => cutShort(failure('timeout', `no result within ${timeoutMs} ms`)), timeoutMs);
    stopTimer = () => clearTimeout(timer);
    signal?.addEventListener('abort', onAbort, { once: true });

    const attempt: Attempt = { startedAt, elapsedSeconds, settle };
    try {
      probing = start(attempt);
    } catch (error) {
      settle(failure('protocol_error', `cannot start probe: ${describeError(error)}`));
    }
    // A probe that settled while starting had nothing to release yet.
    if (settled) release();
  });
}
