/**
 * The load selection weighs under the `spread` strategy: the region's last report plus the
 * clients Pulse itself sent there since (counted in the store, so every replica predicts the
 * same), because reports come only every probe interval and every client placed in between
 * would otherwise see the same, too low, figure. A report older than the limit is not trusted:
 * the region then counts as full, so it is chosen only when no region with a known load is near.
 */
import type { RegionConfig } from '../config/model';
import { placementSecond, type LoadReport, type PlacementCount } from '../store/types';

/** report: a trusted report plus the clients sent since; untrusted: a stale report, counted full; sent: no report ever, only the clients sent. */
export type LoadBasis = 'report' | 'untrusted' | 'sent';

export interface PredictedLoad {
  readonly load: number;
  readonly basis: LoadBasis;
  /** Clients sent to the region since its report (since the limit when it has none). */
  readonly sentSince: number;
}

export interface PredictInputs {
  readonly regions: readonly RegionConfig[];
  readonly loads: readonly LoadReport[];
  /** Placement counts from nowMs − staleAfterMs on. */
  readonly placements: readonly PlacementCount[];
  readonly nowMs: number;
  readonly staleAfterMs: number;
}

export function predictLoads(inputs: PredictInputs): Map<string, PredictedLoad> {
  const predicted = new Map<string, PredictedLoad>();
  for (const region of inputs.regions) {
    const report = inputs.loads.find((l) => l.region === region.code);
    if (report && inputs.nowMs - report.atMs > inputs.staleAfterMs) {
      predicted.set(region.code, { load: region.capacity, basis: 'untrusted', sentSince: 0 });
      continue;
    }
    // Counting the report's own second in errs towards more load, never less.
    const from = report ? placementSecond(report.atMs) : placementSecond(inputs.nowMs - inputs.staleAfterMs);
    let sentSince = 0;
    for (const p of inputs.placements) if (p.region === region.code && p.secondMs >= from) sentSince += p.count;
    predicted.set(region.code, { load: (report?.load ?? 0) + sentSince, basis: report ? 'report' : 'sent', sentSince });
  }
  return predicted;
}
