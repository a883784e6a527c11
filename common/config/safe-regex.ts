/**
 * Regular expressions from config files run on inputs Pulse does not choose (probe bodies, project
 * ids in requests), and JavaScript's backtracking engine can take exponential time on some of
 * them. Patterns with the two shapes that cause it are refused up front:
 * - a repeated group that itself holds a repetition (star height above one: `(a+)+`, `(\w*)*`,
 *   `(a|b+){2,}`);
 * - a backreference (`\1`, `\k<name>`).
 * A bounded repetition of at most one (`?`, `{0,1}`, `{3}`) does not repeat a group's choices, so
 * it is allowed around anything.
 */

/** At most this many characters: a pattern longer than this is not something a person reviews. */
export const MAX_PATTERN_LENGTH = 512;

interface Group {
  /** Whether something inside the group repeats. */
  repeats: boolean;
}

/** Compiles a pattern, or explains why it is refused (invalid, too long, or open to catastrophic backtracking). */
export function compileSafeRegex(pattern: string, wrap: (source: string) => string = (source) => source): { regex: RegExp } | { error: string } {
  if (pattern.length > MAX_PATTERN_LENGTH) return { error: `must be at most ${MAX_PATTERN_LENGTH} characters (got ${pattern.length})` };
  let regex: RegExp;
  try {
    regex = new RegExp(wrap(pattern));
  } catch (error) {
    return { error: `is not a valid regular expression: ${(error as Error).message}` };
  }
  const reason = backtrackingRisk(pattern);
  return reason === undefined ? { regex } : { error: `is open to catastrophic backtracking: ${reason}` };
}

/** Why a (valid) pattern may backtrack exponentially, or undefined when it cannot in the ways above. */
export function backtrackingRisk(pattern: string): string | undefined {
  const stack: Group[] = [{ repeats: false }];
  // What the next quantifier applies to: a group just closed (with whether it repeats inside), or a single atom.
  let previous: { group: boolean; repeats: boolean } | undefined;
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at];
    if (char === '\\') {
      const next = pattern[at + 1] ?? '';
      if (/[1-9]/.test(next) || next === 'k') return `backreference "\\${next}" at ${at}`;
      at += 1;
      previous = { group: false, repeats: false };
    } else if (char === '[') {
      at = endOfClass(pattern, at);
      previous = { group: false, repeats: false };
    } else if (char === '(') {
      stack.push({ repeats: false });
      previous = undefined;
    } else if (char === ')') {
      const group = stack.length > 1 ? stack.pop()! : { repeats: false };
      if (group.repeats) stack[stack.length - 1].repeats = true;
      previous = { group: true, repeats: group.repeats };
    } else if (char === '*' || char === '+' || char === '{' || char === '?') {
      const quantifier = readQuantifier(pattern, at);
      if (!quantifier) {
        previous = { group: false, repeats: false };
        continue;
      }
      at = quantifier.end;
      if (previous === undefined) continue; // `(?:` and the like: not a quantifier
      if (quantifier.repeats) {
        if (previous.group && previous.repeats) return `nested repetition "${pattern.slice(0, at + 1)}" (a repeated group holding a repetition)`;
        stack[stack.length - 1].repeats = true;
      }
      previous = undefined;
    } else {
      previous = { group: false, repeats: false };
    }
  }
  return undefined;
}

/** Index of the `]` closing a character class opened at `start`. */
function endOfClass(pattern: string, start: number): number {
  let at = start + 1;
  if (pattern[at] === '^') at++;
  if (pattern[at] === ']') at++;
  while (at < pattern.length && pattern[at] !== ']') at += pattern[at] === '\\' ? 2 : 1;
  return at;
}

/** A quantifier at `at`: where it ends (with a lazy `?`) and whether it can repeat more than once. */
function readQuantifier(pattern: string, at: number): { end: number; repeats: boolean } | undefined {
  let end = at;
  let repeats: boolean;
  if (pattern[at] === '{') {
    const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at));
    if (!match) return undefined;
    end = at + match[0].length - 1;
    const max = match[2] === undefined ? Number(match[1]) : match[3] === '' ? Infinity : Number(match[3]);
    repeats = max > 1;
  } else {
    repeats = pattern[at] !== '?';
  }
  if (pattern[end + 1] === '?') end++;
  return { end, repeats };
}
