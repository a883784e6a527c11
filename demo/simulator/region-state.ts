import { NO_FAULT, type ActiveFault } from './fault';
import { planResponse, type ResponsePlan } from './response-plan';
import { createSeededRandom, deriveSeed, type SeededRandom } from './seeded-random';
import type { SimulatedRegionSpec } from './types';

export const DEFAULT_CAPACITY = 10_000;

/** The mutable settings and counters of one region; the servers read it on every request. */
export interface RegionState {
  readonly code: string;
  readonly capacity: number;
  latencyMs: number;
  jitterMs: number;
  load: number;
  /** Where a walking load drifts back to: the starting load, or the last one commanded. */
  baseLoad: number;
  readonly loadWalk: boolean;
  fault: ActiveFault;
  /** Requests since the fault was last set; drives `flapping`. */
  requestsSinceFault: number;
  requests: number;
  inFlight: number;
  readonly delayRandom: SeededRandom;
  readonly loadRandom: SeededRandom;
}

export function createRegionState(options: { spec: SimulatedRegionSpec; seed: number }): RegionState {
  const { spec, seed } = options;
  const load = spec.load ?? 0;
  return {
    code: spec.code,
    capacity: spec.capacity ?? DEFAULT_CAPACITY,
    latencyMs: spec.latencyMs,
    jitterMs: spec.jitterMs ?? 0,
    load,
    baseLoad: load,
    loadWalk: spec.loadWalk ?? false,
    fault: NO_FAULT,
    requestsSinceFault: 0,
    requests: 0,
    inFlight: 0,
    // Separate streams: a load step must not change the delays a test sees.
    delayRandom: createSeededRandom(deriveSeed(seed, `${spec.code}/delay`)),
    loadRandom: createSeededRandom(deriveSeed(seed, `${spec.code}/load`)),
  };
}

/** A request being handled: its plan, and `finish` to call (any number of times) once it is answered or gone. */
export interface AcceptedRequest {
  readonly plan: ResponsePlan;
  finish(): void;
}

/** Counts an incoming request (HTTP, upgrade or WebSocket message) and decides its fate. */
export function acceptRequest(state: RegionState): AcceptedRequest {
  state.requests += 1;
  state.requestsSinceFault += 1;
  state.inFlight += 1;
  const plan = planResponse({
    fault: state.fault,
    latencyMs: state.latencyMs,
    jitterMs: state.jitterMs,
    requestNumber: state.requestsSinceFault,
    random: state.delayRandom,
  });
  let finished = false;
  return {
    plan,
    finish() {
      if (finished) return;
      finished = true;
      state.inFlight -= 1;
    },
  };
}
