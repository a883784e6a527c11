/**
 * Command-line times: RFC 3339, calendar dates (midnight UTC), Unix seconds, and `now`,
 * `now-7d` relative to a clock the caller passes in (so parsing stays pure).
 */
import { parseDuration } from '../../../common/duration';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const UNIX_SECONDS = /^\d+(\.\d+)?$/;
const RELATIVE = /^now(?:([+-])(.*))?$/;

export const TIME_FORMATS = 'RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d)';

/** Milliseconds since the epoch for a UTC calendar date and time, or undefined when a field is out of range. */
function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March; a day that does not survive the round trip is not a date.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

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
  const stamp = RFC3339.exec(text);
  if (stamp) {
    const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = stamp;
    const ms = utcMs(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
    if (ms === undefined || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) {
      throw new Error(`not a calendar date and time (got "${text}")`);
    }
    const fractionMs = fraction ? Math.round(Number(fraction) * 1000) : 0;
    const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
    return ms + fractionMs - offsetMs;
  }
  throw new Error(`must be ${TIME_FORMATS} (got "${text}")`);
}

/** RFC 3339 in UTC, with milliseconds only when there are some: 2026-11-01T00:00:00Z. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}
