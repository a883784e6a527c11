/**
 * Command-line times: RFC 3339, calendar dates (midnight UTC), Unix seconds, and `now`,
 * `now-7d` relative to a clock the caller passes in (so parsing stays pure).
 */
import { parseDuration } from '../../common/duration';
import { parseRfc3339, RFC3339_SHAPE, utcMs } from '../../common/rfc3339';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UNIX_SECONDS = /^\d+(\.\d+)?$/;
const RELATIVE = /^now(?:([+-])(.*))?$/;

export const TIME_FORMATS = 'RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d)';

/** Parses one time; throws an Error saying what was expected (the caller adds the flag name). */
export function parseTime(text: string, nowMs: number): number {
  const relative = RELATIVE.exec(text);
  if (relative) {
    if (relative[1] === undefined) return nowMs;
    const offset = parseDuration(relative[2]);
    if (offset === undefined) throw new Error(`bad duration "${relative[2]}" after now${relative[1]} (use 30m, 12h, 7d, 1w …) (got "${text}")`);
    return relative[1] === '-' ? nowMs - offset : nowMs + offset;
  }
  if (UNIX_SECONDS.test(text)) return Math.round(Number(text) * 1000);
  const date = DATE.exec(text);
  if (date) {
    const ms = utcMs(Number(date[1]), Number(date[2]), Number(date[3]));
    if (ms === undefined) throw new Error(`not a calendar date (got "${text}")`);
    return ms;
  }
  if (RFC3339_SHAPE.test(text)) {
    const ms = parseRfc3339(text);
    if (ms === undefined) throw new Error(`not a calendar date and time (got "${text}")`);
    return ms;
  }
  throw new Error(`must be ${TIME_FORMATS} (got "${text}")`);
}

/** RFC 3339 in UTC, with milliseconds only when there are some: 2026-11-01T00:00:00Z. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
