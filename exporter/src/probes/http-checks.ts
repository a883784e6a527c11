import type { Outcome } from './failure';
import type { HttpProbeOptions } from './types';

export type ResponseChecks = Pick<HttpProbeOptions, 'validStatusCodes' | 'failIfBodyNotMatches' | 'loadField'>;

/** An empty list means "any 2xx", as in blackbox_exporter's valid_status_codes. */
export function statusAccepted(statusCode: number, validStatusCodes: readonly number[]): boolean {
  return validStatusCodes.length === 0 ? statusCode >= 200 && statusCode < 300 : validStatusCodes.includes(statusCode);
}

/** The load found at a dotted path of a JSON body, or why there is none. */
export type LoadReading = { readonly load: number } | { readonly problem: string };

/**
 * Reads a number at a dotted path ("load.participants"; array indices work as "regions.0").
 * Only a JSON number counts: a string that looks like one is more likely a wrong field than a load.
 */
export function readLoad(body: string, path: string): LoadReading {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { problem: `load field ${path}: body is not JSON` };
  }
  for (const key of path.split('.')) {
    // Own properties only, so "constructor" or "__proto__" cannot reach into prototypes.
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) {
      return { problem: `load field ${path}: not found in the body` };
    }
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return { problem: `load field ${path}: not a number (got ${JSON.stringify(value)})` };
  }
  return { load: value };
}

/**
 * Judges a complete response: status first, then every body pattern, then the load. A missing
 * load does not fail the probe (the region answered; only its load is unknown) but says why.
 */
export function judgeResponse(checks: ResponseChecks, statusCode: number, body: string): Outcome {
  if (!statusAccepted(statusCode, checks.validStatusCodes)) {
    return { success: false, reason: 'http_status', statusCode, message: `unexpected status ${statusCode}` };
  }
  // search() ignores and restores lastIndex, so a shared /g pattern gives the same answer every time.
  const missed = checks.failIfBodyNotMatches.find((pattern) => body.search(pattern) === -1);
  if (missed) {
    return { success: false, reason: 'body_mismatch', statusCode, message: `body does not match ${String(missed)}` };
  }
  if (checks.loadField === undefined) return { success: true, statusCode };
  const reading = readLoad(body, checks.loadField);
  return 'load' in reading
    ? { success: true, statusCode, load: reading.load }
    : { success: true, statusCode, message: reading.problem };
}
