/**
 * Parses a response head (status line and header lines, without the blank line that ends it)
 * for what reading the body needs: the status code and the two framing headers. Every header
 * line is checked, but only the framing headers are cut out as strings: a probe reads a head per
 * probe, and a string per line, a map and an array per header were most of what a probe
 * allocated (a scavenge of the probe thread every few hundred probes).
 */

export interface ResponseHead {
  readonly statusCode: number;
  /** Every Transfer-Encoding field's value, in order; undefined when there is none. */
  readonly transferEncoding?: readonly string[];
  /** Every Content-Length field's value, in order; undefined when there is none. */
  readonly contentLength?: readonly string[];
}

const STATUS_LINE = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/;
const DIGIT_0 = 48;
/** What /\s/ matches among latin1 characters: tab, line feed, vertical tab, form feed, carriage return, space, no-break space. */
const SPACES = new Set([9, 10, 11, 12, 13, 32, 160]);

function hasSpace(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (SPACES.has(text.charCodeAt(at))) return true;
  return false;
}

/** The name of a field, lowercased, when it is one of the framing headers (only those are cut out). */
function framingName(text: string, from: number, to: number): 'transfer-encoding' | 'content-length' | undefined {
  const length = to - from;
  if (length !== 17 && length !== 14) return undefined;
  const name = text.slice(from, to).toLowerCase();
  return name === 'transfer-encoding' || name === 'content-length' ? name : undefined;
}

/** The head read, or what is wrong with it. `text` is the head as latin1, lines ending in CRLF, without the final blank line. */
export function parseHead(text: string): ResponseHead | string {
  const firstEnd = text.indexOf('\r\n');
  const statusLine = firstEnd === -1 ? text : text.slice(0, firstEnd);
  if (!STATUS_LINE.test(statusLine)) return `not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 80))}`;
  // The pattern fixed where the three digits are: "HTTP/1.x " is nine characters.
  const statusCode = (statusLine.charCodeAt(9) - DIGIT_0) * 100 + (statusLine.charCodeAt(10) - DIGIT_0) * 10 + (statusLine.charCodeAt(11) - DIGIT_0);
  let transferEncoding: string[] | undefined;
  let contentLength: string[] | undefined;
  for (let start = firstEnd + 2; firstEnd !== -1 && start <= text.length; ) {
    const found = text.indexOf('\r\n', start);
    const end = found === -1 ? text.length : found;
    const colon = text.indexOf(':', start);
    if (colon <= start || colon >= end || hasSpace(text, start, colon)) {
      return `malformed header line ${JSON.stringify(text.slice(start, Math.min(end, start + 80)))}`;
    }
    const name = framingName(text, start, colon);
    if (name !== undefined) {
      const value = text.slice(colon + 1, end).trim();
      if (name === 'transfer-encoding') (transferEncoding ??= []).push(value);
      else (contentLength ??= []).push(value);
    }
    if (found === -1) break;
    start = found + 2;
  }
  return { statusCode, transferEncoding, contentLength };
}
