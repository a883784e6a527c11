import type { ActiveFault } from './fault';
import type { SeededRandom } from './seeded-random';

/**
 * What to do with one incoming request: drop the connection, hold it open forever, or answer
 * (successfully or with a failure) after a delay.
 */
export type ResponsePlan =
  | { readonly kind: 'drop' }
  | { readonly kind: 'hang' }
  | { readonly kind: 'reply'; readonly delayMs: number; readonly failed: boolean };

export interface PlanInput {
  readonly fault: ActiveFault;
  readonly latencyMs: number;
  readonly jitterMs: number;
  /** 1 for the first request since the fault was set; drives `flapping` and `loss`. */
  readonly requestNumber: number;
  readonly random: SeededRandom;
}

/** Decides a request's fate from the region's settings; the only state it touches is the random stream. */
export function planResponse(input: PlanInput): ResponsePlan {
  const { fault } = input;
  if (fault.mode === 'down') return { kind: 'drop' };
  if (fault.mode === 'loss' && input.requestNumber % fault.dropEvery === 0) return { kind: 'drop' };
  if (fault.mode === 'hanging') return { kind: 'hang' };
  const delayMs = sampleDelay(input) + (fault.mode === 'slow' ? fault.extraMs : 0);
  const failed = fault.mode === 'error' || (fault.mode === 'flapping' && input.requestNumber % fault.failEvery === 0);
  return { kind: 'reply', delayMs, failed };
}

/**
 * The injected latency: exact without jitter (no random number is drawn, so the stream is not
 * consumed); otherwise normal around the latency, cut at three standard deviations so one unlucky
 * draw cannot produce a delay that looks like an outage, and never negative.
 */
export function sampleDelay(input: Pick<PlanInput, 'latencyMs' | 'jitterMs' | 'random'>): number {
  if (input.jitterMs <= 0) return input.latencyMs;
  const deviation = Math.max(-3, Math.min(3, input.random.normal())) * input.jitterMs;
  return Math.max(0, input.latencyMs + deviation);
}
