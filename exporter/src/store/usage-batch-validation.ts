/**
 * The argument checks a usage batch passes before anything is written, so a bad event cannot leave
 * half a batch behind. The memory store runs these; the Redis script repeats the same rules in Lua.
 */
import { USAGE_TYPES, type UsageEvent } from '../usage/types';

export function checkIdempotencyWindow(windowMs: number): void {
  if (!Number.isInteger(windowMs) || windowMs < 1) {
    throw new Error(`idempotency window must be a whole number of milliseconds >= 1 (got ${windowMs})`);
  }
}

/** Why the event cannot be stored, or undefined when it can. */
export function invalidEventReason(event: UsageEvent): string | undefined {
  if (typeof event.id !== 'string' || event.id === '') return 'id must be a non-empty string';
  if (typeof event.project !== 'string' || event.project === '') return 'project must be a non-empty string';
  if (typeof event.region !== 'string' || event.region === '') return 'region must be a non-empty string';
  if (!(USAGE_TYPES as readonly string[]).includes(event.type)) return `unknown usage type ${JSON.stringify(event.type)}`;
  if (typeof event.value !== 'number' || !Number.isFinite(event.value) || event.value < 0) return `value must be a finite number >= 0 (got ${event.value})`;
  if (typeof event.timestampMs !== 'number' || !Number.isFinite(event.timestampMs)) return `timestamp must be a finite number (got ${event.timestampMs})`;
  return undefined;
}

export function checkUsageBatch(events: readonly UsageEvent[], windowMs: number): void {
  checkIdempotencyWindow(windowMs);
  events.forEach((event, index) => {
    const reason = invalidEventReason(event);
    if (reason) throw new Error(`event ${index + 1} (id ${JSON.stringify(event.id)}): ${reason}`);
  });
}
