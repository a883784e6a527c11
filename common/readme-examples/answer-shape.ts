/**
 * The top-level keys of a JSON answer as the README prints it: abbreviated with `…` (outside
 * strings: keys left out; inside: a value cut short), so not JSON, but its shape can be read.
 */

export interface AnswerShape {
  readonly keys: readonly string[];
  /** The README left keys out (a `…` among the top-level members). */
  readonly elided: boolean;
}

/** Reads the keys of the first object in `text` at its top level. Throws when there is no object. */
export function answerShape(text: string): AnswerShape {
  const start = text.indexOf('{');
  if (start < 0) throw new Error(`no JSON object in ${JSON.stringify(text.slice(0, 80))}`);
  const keys: string[] = [];
  let elided = false;
  let depth = 0;
  let expectKey = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const end = stringEnd(text, i);
      if (depth === 1 && expectKey) keys.push(JSON.parse(text.slice(i, end + 1)) as string);
      expectKey = false;
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
      expectKey = depth === 1;
    } else if (c === '}' || c === ']') {
      if (--depth === 0) break;
    } else if (depth === 1 && c === ',') {
      expectKey = true;
    } else if (depth === 1 && c === '…') {
      elided = true;
    }
  }
  return { keys, elided };
}

/** Index of the quote that closes the string opening at `open`. */
function stringEnd(text: string, open: number): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  throw new Error(`a string that never closes: ${text.slice(open, open + 40)}`);
}
