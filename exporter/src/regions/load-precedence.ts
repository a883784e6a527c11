/**
 * Which load source wins. A region's load reaches Pulse two ways: an operator or the region's own
 * control plane posts it to the load API (`source: 'api'`), and probes read it from the health
 * endpoint's body every interval (`source: 'probe'`). A reported load is deliberate, so it wins:
 * for API_LOAD_HOLD_MS after it arrives, probe bodies do not replace it (a newer API report
 * always does). After that the probes take over again, so a region whose reporter stops is not
 * stuck on a stale figure.
 */
import type { LoadReport } from '../store/types';

export const API_LOAD_HOLD_MS = 5 * 60_000;

/** Whether a load read from a probe's body may replace the load known for the region. */
export function probeMayReplaceLoad(known: LoadReport | undefined, nowMs: number): boolean {
  return known?.source !== 'api' || nowMs - known.atMs >= API_LOAD_HOLD_MS;
}
