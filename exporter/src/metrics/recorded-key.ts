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
import { needsParsing } from './exposition-text';

export interface PlainKeyParts {
  project: string;
  name: string;
  type: StoredType;
  category: string;
  /** The labels after project and category, as exposed: `,name="value"` each, in stored order. */
  labels: string;
}

const CLOSING_BRACKET = 0x5d;
const OPENING = `${RECORDED_FIELD_MARK}["`;
/** What follows the stem in a counter's or gauge's field: its empty part and the closing bracket (model.ts fieldOf). */
export const SCALAR_END = `${JSON.stringify('')}]`;

/** The index of the quote ending the string that starts at `from`, when `separator` follows it; else -1. */
function stringEnd(key: string, from: number, separator: string): number {
  const end = key.indexOf('"', from);
  return end >= 0 && key.startsWith(separator, end) ? end : -1;
}

/** Fills `into` from a plain key and answers true; false (into unspecified) when it must be parsed. */
export function splitPlainKey(key: string, into: PlainKeyParts): boolean {
  if (!key.startsWith(OPENING) || needsParsing(key)) return false;
  const projectEnd = stringEnd(key, OPENING.length, '","');
  const nameEnd = projectEnd < 0 ? -1 : stringEnd(key, projectEnd + 3, '","');
  const typeEnd = nameEnd < 0 ? -1 : stringEnd(key, nameEnd + 3, '","');
  const categoryEnd = typeEnd < 0 ? -1 : stringEnd(key, typeEnd + 3, '",[');
  if (categoryEnd < 0) return false;
  const type = key.slice(nameEnd + 3, typeEnd);
  if (!isStoredType(type)) return false;
  let labels = '';
  let at = categoryEnd + 3;
  while (key.startsWith('["', at)) {
    const labelEnd = stringEnd(key, at + 2, '","');
    const valueEnd = labelEnd < 0 ? -1 : stringEnd(key, labelEnd + 3, '"]');
    if (valueEnd < 0) return false;
    labels += `,${key.slice(at + 2, labelEnd)}="${key.slice(labelEnd + 3, valueEnd)}"`;
    at = valueEnd + 2;
    if (key.startsWith(',[', at)) at += 1;
    else if (key.charCodeAt(at) !== CLOSING_BRACKET) return false;
  }
  if (!key.startsWith('],', at)) return false;
  at += 2;
  if (at !== key.length && !(key.length === at + SCALAR_END.length && key.endsWith(SCALAR_END))) return false;
  into.project = key.slice(OPENING.length, projectEnd);
  into.name = key.slice(projectEnd + 3, nameEnd);
  into.type = type;
  into.category = key.slice(typeEnd + 3, categoryEnd);
  into.labels = labels;
  return true;
}
