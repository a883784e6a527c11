/**
 * Prometheus-style durations ("250ms", "15s", "1m30s", "2h", "7d") to milliseconds and back.
 * Config files and specs use them everywhere, so the exporter, the rules generator and the
 * forecaster share one parser.
 */
const UNIT_MS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
};

const PART = /(\d+)(ms|s|m|h|d|w|y)/y;
// Units must appear largest first, each at most once, as Prometheus requires.
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/** Parses a duration; returns undefined when the text is not one. */
export function parseDuration(text: string): number | undefined {
  if (typeof text !== 'string' || text.length === 0) return undefined;
  if (text === '0') return 0;
  let total = 0;
  let position = 0;
  let lastOrder = -1;
  PART.lastIndex = 0;
  while (position < text.length) {
    PART.lastIndex = position;
    const match = PART.exec(text);
    if (!match) return undefined;
    const order = ORDER.indexOf(match[2]);
    if (order <= lastOrder) return undefined;
    lastOrder = order;
    total += Number(match[1]) * UNIT_MS[match[2]];
    position = PART.lastIndex;
  }
  return total;
}

/**
 * Formats milliseconds as a Prometheus duration ("90000" → "1m30s"), in days at most: people
 * write 7d and 30d, not 1w and 4w2d, and rule names built from durations should read the same.
 */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let text = '';
  for (const unit of ORDER.filter((u) => u !== 'y' && u !== 'w')) {
    const size = UNIT_MS[unit];
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
