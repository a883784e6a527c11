/** Prometheus text-format escaping and number formatting, shared by the usage and recorded families. */
export const escapeLabel = (value: string): string => (/[\\"\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value);

const BACKSLASH = 0x5c;
const FIRST_PRINTABLE = 0x20;

/**
 * Whether a store's JSON field holds a backslash or a control character. Without either, every
 * quote in it is JSON's own and the text between two quotes is the value itself, already escaped
 * as the text format wants it (neither format escapes anything else); with one, it needs
 * JSON.parse and escapeLabel (or is malformed).
 */
export function needsParsing(field: string): boolean {
  for (let at = 0; at < field.length; at++) {
    const code = field.charCodeAt(at);
    if (code === BACKSLASH || code < FIRST_PRINTABLE) return true;
  }
  return false;
}

export const escapeHelp = (text: string): string => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');

export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
