/**
 * The health state machine of one region seen from one vantage point, as pure functions.
 * Each probe result is classified (ok, slow, fail). Getting worse and getting better take
 * different evidence (hysteresis): a region goes *down* on N failures among the last M results and
 * *degraded* on D slow-or-failed among them, but leaves either only after K results in a row
 * without the fault (K successes to leave down, K good answers to leave degraded). Evidence from
 * before a recovery is forgiven, so a recovered region is judged on what came after. A region
 * failing every other probe never gets K in a row: it settles in one state instead of flapping.
 */
import type { HealthState } from '../../../common/metrics/catalogue';
import type { HealthPolicy } from '../config/model';
import type { ProbeResult } from '../probes/types';

/** "unknown" until the first evidence arrives; never published as a state of its own. */
export type TrackedState = HealthState | 'unknown';

/** ok: fine; slow: answered but too slow or overloaded; fail: did not answer correctly. */
export type Outcome = 'ok' | 'slow' | 'fail';

export interface HealthTrack {
  readonly state: TrackedState;
  /** Most recent last; at most policy.window entries. */
  readonly recent: readonly Outcome[];
}

export interface Transition {
  readonly from: TrackedState;
  readonly to: HealthState;
}

export const INITIAL_TRACK: HealthTrack = Object.freeze({ state: 'unknown', recent: Object.freeze([]) as readonly Outcome[] });

export function classify(result: ProbeResult, loadRatio: number | undefined, policy: HealthPolicy): Outcome {
  if (!result.success) return 'fail';
  if (result.durationSeconds * 1000 > policy.degradedLatencyMs) return 'slow';
  if (loadRatio !== undefined && loadRatio >= policy.degradedLoadRatio) return 'slow';
  return 'ok';
}

/** The state after `recent` (most recent last, at most policy.window long), coming from `current`. */
export function decideState(recent: readonly Outcome[], current: TrackedState, policy: HealthPolicy): TrackedState {
  const streak = recent.length >= policy.recoverAfter ? recent.slice(-policy.recoverAfter) : undefined;
  if (current === 'down') {
    // Leaving down takes K successes in a row; slow ones among them leave it degraded.
    if (!streak || streak.includes('fail')) return 'down';
    return streak.every((o) => o === 'ok') ? 'healthy' : 'degraded';
  }
  if (count(recent, 'fail') >= policy.downAfter) return 'down';
  if (current === 'degraded') return streak?.every((o) => o === 'ok') ? 'healthy' : 'degraded';
  // A region never seen answering stays unknown until it answers or is down.
  if (current === 'unknown' && count(recent, 'fail') === recent.length) return 'unknown';
  if (recent.length - count(recent, 'ok') >= policy.degradedAfter) return 'degraded';
  return 'healthy';
}

/** Adds one outcome; returns the new track and the transition, if the state changed. */
export function advance(track: HealthTrack, outcome: Outcome, policy: HealthPolicy): { track: HealthTrack; transition?: Transition } {
  const window = [...track.recent, outcome].slice(-policy.window);
  const state = decideState(window, track.state, policy);
  // A recovery forgives what came before it: only the K results that earned it are kept.
  const recent = isRecovery(track.state, state) ? window.slice(-policy.recoverAfter) : window;
  const next: HealthTrack = { state, recent };
  if (state === track.state || state === 'unknown') return { track: next };
  return { track: next, transition: { from: track.state, to: state } };
}

const SEVERITY: Record<TrackedState, number> = { unknown: 0, healthy: 1, degraded: 2, down: 3 };

function isRecovery(from: TrackedState, to: TrackedState): boolean {
  return from !== 'unknown' && SEVERITY[to] < SEVERITY[from];
}

function count(recent: readonly Outcome[], outcome: Outcome): number {
  let n = 0;
  for (const o of recent) if (o === outcome) n++;
  return n;
}
