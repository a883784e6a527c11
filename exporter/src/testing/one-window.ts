/**
 * Test harness: runs a sequence of requests inside one fixed window of the wall clock, as the
 * rate limits and failure budgets count them (windows of `windowMs` from the epoch). A test that
 * spends a budget and then expects a refusal fails whenever the window turns in between: a new
 * window starts with an empty counter. Not a test itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';

/** Past the boundary by this much before trying again, so the fresh window has surely begun. */
const PAST_BOUNDARY_MS = 50;

export interface OneWindowOptions {
  /** How many runs to try before giving up (each after the last turned a window). */
  readonly tries?: number;
  readonly now?: () => number;
}

/**
 * Runs `attempt` and returns what it saw, once a run began and ended in the same window. A run
 * that straddled a boundary left part of its requests in the window it ended in, so the next run
 * waits for the window after that: its counters are empty. Assertions belong after this returns.
 */
export async function withinOneWindow<T>(windowMs: number, attempt: () => Promise<T>, { tries = 3, now = Date.now }: OneWindowOptions = {}): Promise<T> {
  const windowOf = (ms: number) => Math.floor(ms / windowMs);
  for (let tried = 1; ; tried++) {
    const began = windowOf(now());
    const seen = await attempt();
    const ended = now();
    if (windowOf(ended) === began) return seen;
    if (tried >= tries) throw new Error(`each of ${tries} runs crossed a ${windowMs} ms window boundary`);
    await sleep(windowMs - (ended % windowMs) + PAST_BOUNDARY_MS);
  }
}
