/**
 * Region selection, as a pure function of the config and the latest state.
 * score = latency (ms) + load% × 2 + priority × 10 (the original formula) measures a region.
 * `lowest_score` takes the lowest, as the original design does; `spread` draws one at random among
 * the regions within `spreadMargin` points of the best, on predicted load (predicted-load.ts), so
 * clients arriving between two load reports do not all land on the same region.
 * Down and inactive regions are never chosen; a healthy preferred region is honoured;
 * fallbacks are the primary's failover list first, then the rest by score.
 */
import type { HealthState } from '../../../common/metrics/catalogue';
import type { RegionConfig, SelectionStrategy } from '../config/model';
import type { TrackedState } from '../health/health-track';

export const SELECTION_REASONS = ['preferred', 'lowest_score', 'spread', 'preferred_unavailable'] as const;
export type SelectionReason = (typeof SELECTION_REASONS)[number];

/** What is known of one region for this request. */
export interface RegionView {
  readonly region: RegionConfig;
  readonly state: TrackedState;
  /** Latency in ms, from the client when it sent one, else from the chosen vantage point. */
  readonly latencyMs?: number;
  readonly latencySource: 'client' | 'vantage' | 'none';
  readonly loadRatio: number;
  /** What the load stands on (predicted-load.ts); `report` under lowest_score. */
  readonly loadBasis?: 'report' | 'untrusted' | 'sent';
}

export interface SelectionOptions {
  readonly strategy: SelectionStrategy;
  /** spread: how many score points above the best still count as near it. */
  readonly spreadMargin: number;
  /** A number in [0, 1), as Math.random gives. */
  readonly random: () => number;
}

export const LOWEST_SCORE: SelectionOptions = Object.freeze({ strategy: 'lowest_score', spreadMargin: 0, random: Math.random });

export interface ScoredRegion {
  readonly view: RegionView;
  readonly score: number;
}

export interface Selection {
  readonly primary: ScoredRegion;
  readonly fallbacks: readonly ScoredRegion[];
  readonly reason: SelectionReason;
}

/** A region with no latency measurement at all ranks behind every measured one. */
export const UNMEASURED_LATENCY_MS = 1000;

export function scoreRegion(view: RegionView): number {
  const latency = view.latencyMs ?? UNMEASURED_LATENCY_MS;
  return round(latency + view.loadRatio * 100 * 2 + view.region.priority * 10);
}

export function isSelectable(view: RegionView): boolean {
  return view.region.active && view.state !== 'down';
}

export function selectRegion(views: readonly RegionView[], preferred?: string, options: SelectionOptions = LOWEST_SCORE): Selection | undefined {
  const ranked = views
    .filter(isSelectable)
    .map((view) => ({ view, score: scoreRegion(view) }))
    .sort((a, b) => a.score - b.score || a.view.region.code.localeCompare(b.view.region.code));
  if (ranked.length === 0) return undefined;

  const preferredChoice = preferred === undefined ? undefined : ranked.find((s) => s.view.region.code === preferred && s.view.state === ('healthy' satisfies HealthState));
  const primary = preferredChoice ?? (options.strategy === 'spread' ? pickNearBest(ranked, options) : ranked[0]);
  const reason: SelectionReason = preferredChoice ? 'preferred' : preferred !== undefined ? 'preferred_unavailable' : options.strategy;

  const byCode = new Map(ranked.map((s) => [s.view.region.code, s]));
  const failover = primary.view.region.failover.map((code) => byCode.get(code)).filter((s): s is ScoredRegion => s !== undefined);
  const rest = ranked.filter((s) => s !== primary && !failover.includes(s));
  return { primary, fallbacks: [...failover, ...rest], reason };
}

/**
 * One region drawn at random, each equally likely, among those near the best score (`ranked` is
 * sorted by score). With two near regions "the better of two" would always take the same one:
 * every request reading the same state at once would herd there, which the draw prevents.
 */
function pickNearBest(ranked: readonly ScoredRegion[], options: SelectionOptions): ScoredRegion {
  const near = ranked.filter((s) => s.score <= ranked[0].score + options.spreadMargin);
  return near[Math.min(near.length - 1, Math.floor(options.random() * near.length))];
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
