/**
 * The nesting limit for JSON request bodies, checked on the raw text before it is parsed: a body
 * nested thousands of levels deep parses, but every recursive step after it (validation, error
 * messages quoting the bad value) can overflow the stack and answer 500 instead of 400.
 */

/** Arrays and objects inside one another; Pulse's deepest body (the alert webhook) uses 4. */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
// Compared directly, not through a Set: this loop runs once per character of every usage batch.
const OPEN_BRACKET = 0x5b;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACKET = 0x5d;
const CLOSE_BRACE = 0x7d;

/**
 * Whether `text` nests arrays and objects more than `limit` levels deep. Brackets inside strings
 * do not count; the text need not be valid JSON (the parser judges that afterwards).
 */
export function jsonNestedDeeperThan(text: string, limit = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = stringEnd(text, i);
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * Where the string opened at `open` ends (its closing quote), or the text's end when it does not.
 * Found with indexOf rather than character by character: a usage batch is mostly strings, and a
 * loop over every character cost as much as JSON.parse of the body.
 */
function stringEnd(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return text.length;
}

/**
 * Whether a parsed JSON value nests arrays and objects more than `limit` levels deep: the same
 * count as jsonNestedDeeperThan's over its text, for a parser that has the value rather than the
 * text (V8's JSON.parse does not recurse, so any depth parses). It recurses at most `limit` + 1
 * calls deep, stopping at the first container past the limit, and allocates nothing (a walk with
 * Object.values made garbage of its own: a few % of a recorded batch's CPU).
 */
export function jsonValueDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit === 0) return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (jsonValueDeeperThan(value[i], limit - 1)) return true;
    return false;
  }
  for (const key in value) if (jsonValueDeeperThan((value as Record<string, unknown>)[key], limit - 1)) return true;
  return false;
}

export function jsonTooDeepMessage(limit = MAX_JSON_DEPTH): string {
  return `JSON body nested too deep: at most ${limit} levels of arrays and objects`;
}
