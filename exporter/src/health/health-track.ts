/**
 * The health state machine of one region seen from one vantage point, as pure functions.
 * Each probe result is classified (ok, slow, fail); the state is decided from the last M
 * outcomes ("N of the last M"), so a single lost probe never flips it.
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

export function decideState(recent: readonly Outcome[], current: TrackedState, policy: HealthPolicy): TrackedState {
  const failures = recent.filter((o) => o === 'fail').length;
  const slow = recent.filter((o) => o === 'slow').length;
  if (failures >= policy.downAfter) return 'down';
  if (failures + slow >= policy.degradedAfter) return 'degraded';
  // Healthy needs at least one good answer: a region never seen answering stays unknown.
  if (!recent.includes('ok') && current === 'unknown') return 'unknown';
  return 'healthy';
}

/** Adds one outcome; returns the new track and the transition, if the state changed. */
export function advance(track: HealthTrack, outcome: Outcome, policy: HealthPolicy): { track: HealthTrack; transition?: Transition } {
  const recent = [...track.recent, outcome].slice(-policy.window);
  const state = decideState(recent, track.state, policy);
  const next: HealthTrack = { state, recent };
  if (state === track.state || state === 'unknown') return { track: next };
  return { track: next, transition: { from: track.state, to: state } };
}
