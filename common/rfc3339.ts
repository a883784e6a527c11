/**
 * RFC 3339 times and calendar dates, checked field by field. `Date.parse` takes hour 24 as the
 * next midnight and rolls 30 February over into March; here a field out of its range, or a day
 * the month does not have, is not a time.
 */
/** The shape of an RFC 3339 time; parseRfc3339 also checks each field's range. */
export const RFC3339_SHAPE = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch for a UTC calendar date and time, or undefined when a field is out of range. */
export function utcMs(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // Date.UTC rolls 2026-02-30 over into March; a day that does not survive the round trip is not a date.
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** Milliseconds since the epoch of an RFC 3339 time (2026-11-01T10:00:00.5+01:00), or undefined. */
export function parseRfc3339(text: string): number | undefined {
  const stamp = RFC3339_SHAPE.exec(text);
  if (!stamp) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zulu, sign, offsetHours, offsetMinutes] = stamp;
  const ms = utcMs(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second));
  if (ms === undefined || Number(offsetHours ?? 0) > 23 || Number(offsetMinutes ?? 0) > 59) return undefined;
  const fractionMs = fraction ? Math.round(Number(fraction) * 1000) : 0;
  const offsetMs = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60_000;
  return ms + fractionMs - offsetMs;
}
