/** A Prometheus duration as a title reads it: "15m" → "15 min", "1h" → "hour", "1d" → "day". */
import { parseDuration } from '../../../common/duration';

const UNITS = [
  { ms: 86_400_000, one: 'day', many: 'days' },
  { ms: 3_600_000, one: 'hour', many: 'hours' },
  { ms: 60_000, one: 'min', many: 'min' },
  { ms: 1000, one: 's', many: 's' },
] as const;

export function readableDuration(text: string): string {
  const ms = parseDuration(text);
  if (ms === undefined) throw new Error(`not a duration: ${text}`);
  const unit = UNITS.find((u) => ms % u.ms === 0 && ms >= u.ms);
  if (!unit) return text;
  const count = ms / unit.ms;
  return count === 1 ? unit.one : `${count} ${unit.many}`;
}
