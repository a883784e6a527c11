/**
 * A recorded series' key (recorded-exposition.ts: a counter's or gauge's field, or a histogram's
 * stem; the format is fieldStem's, recorded/model.ts) split by its quotes, without JSON.parse,
 * when it is plain: no backslash and no control character, so every string in it stands as it is
 * both in JSON and in the exposition's label escaping. A full read of 50,000 series spent about a
 * fifth of its CPU in JSON.parse and the arrays it made (bench/README.md). Anything else, or any
 * deviation from the exact shape fieldStem writes, answers false and goes to parseRecordedField,
 * so both paths accept the same keys and give the same parts (recorded-key.test.ts).
 */
import { isStoredType, RECORDED_FIELD_MARK, type StoredType } from '../recorded/model';

export interface PlainKeyParts {
  project: string;
  name: string;
  type: StoredType;
  category: string;
  /** The labels after project and category, as exposed: `,name="value"` each, in stored order. */
  labels: string;
}

const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;

/** A backslash (an escape) or a control character (which JSON refuses unescaped) anywhere in the key. */
function needsParsing(key: string): boolean {
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code < FIRST_PRINTABLE || code === BACKSLASH) return true;
  }
  return false;
}
const OPENING = `${RECORDED_FIELD_MARK}["`;
/** What follows the stem in a counter's or gauge's field: its empty part. */
const SCALAR_END = '""]';

/** The string from `from` to the next quote, or undefined; `end` is that quote's index. */
function quoted(key: string, from: number): { text: string; end: number } | undefined {
  const end = key.indexOf('"', from);
  return end < 0 ? undefined : { text: key.slice(from, end), end };
}

/** Fills `into` from a plain key and answers true; false (into unspecified) when it must be parsed. */
export function splitPlainKey(key: string, into: PlainKeyParts): boolean {
  if (!key.startsWith(OPENING) || needsParsing(key)) return false;
  const parts: string[] = [];
  let at = OPENING.length;
  for (let index = 0; index < 4; index++) {
    const string = quoted(key, at);
    if (!string) return false;
    parts.push(string.text);
    const separator = index < 3 ? '","' : '",[';
    if (!key.startsWith(separator, string.end)) return false;
    at = string.end + separator.length;
  }
  if (!isStoredType(parts[2])) return false;
  let labels = '';
  while (key.startsWith('["', at)) {
    const label = quoted(key, at + 2);
    if (!label || !key.startsWith('","', label.end)) return false;
    const value = quoted(key, label.end + 3);
    if (!value || !key.startsWith('"]', value.end)) return false;
    labels += `,${label.text}="${value.text}"`;
    at = value.end + 2;
    if (key.startsWith(',[', at)) at += 1;
    else if (key.charCodeAt(at) !== 93 /* ] */) return false;
  }
  if (!key.startsWith('],', at)) return false;
  at += 2;
  if (at !== key.length && !(key.length === at + SCALAR_END.length && key.endsWith(SCALAR_END))) return false;
  [into.project, into.name, into.category] = [parts[0], parts[1], parts[3]];
  into.type = parts[2];
  into.labels = labels;
  return true;
}
