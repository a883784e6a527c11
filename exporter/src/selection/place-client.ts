/**
 * Places one client: builds the region views (predicted load under `spread`), selects, and
 * counts the placement in the store so the next client — on any replica — sees it. The store is
 * a help, not a need: if it cannot be read or written, selection goes on from the last reports.
 */
import type { PulseConfig, Vantage } from '../config/model';
import type { LoadReport, ProbeStateRecord, RegionStateStore } from '../store/types';
import type { ClientLocation } from './client-location';
import { predictLoads, type PredictedLoad } from './predicted-load';
import { buildRegionViews } from './region-views';
import { selectRegion, type Selection } from './select-region';

export interface PlaceClientDeps {
  readonly store: Pick<RegionStateStore, 'placements' | 'recordPlacement'>;
  readonly random: () => number;
  readonly onStoreError: (operation: string, error: unknown) => void;
}

export interface ClientRequest {
  readonly location?: ClientLocation;
  readonly latencies?: Readonly<Record<string, number>>;
  readonly preferredRegion?: string;
}

export interface Placement {
  readonly vantage: Vantage;
  /** Undefined when no region is selectable. */
  readonly selection?: Selection;
}

export async function placeClient(
  config: PulseConfig,
  state: { readonly states: readonly ProbeStateRecord[]; readonly loads: readonly LoadReport[] },
  request: ClientRequest,
  deps: PlaceClientDeps,
  nowMs: number,
): Promise<Placement> {
  const { strategy, spreadMargin, loadStaleAfterMs } = config.selection;
  let predictedLoads: Map<string, PredictedLoad> | undefined;
  if (strategy === 'spread') {
    const placements = await deps.store.placements(nowMs - loadStaleAfterMs).catch((error: unknown) => {
      deps.onStoreError('read_placements', error);
      return [];
    });
    predictedLoads = predictLoads({ regions: config.regions, loads: state.loads, placements, nowMs, staleAfterMs: loadStaleAfterMs });
  }
  const { vantage, views } = buildRegionViews({
    config,
    states: state.states,
    loads: state.loads,
    clientLocation: request.location,
    clientLatencies: request.latencies,
    nowMs,
    predictedLoads,
  });
  const selection = selectRegion(views, request.preferredRegion, { strategy, spreadMargin, random: deps.random });
  if (selection && strategy === 'spread') {
    await deps.store.recordPlacement(selection.primary.view.region.code, nowMs).catch((error: unknown) => deps.onStoreError('record_placement', error));
  }
  return { vantage, selection };
}
