/**
 * The state store: one interface, two implementations (in memory, the default; Redis, shared by
 * replicas and vantage points). Callers only see this interface, so the implementation is chosen
 * once at start-up.
 */
import type { Outcome, TrackedState } from '../health/health-track';
import type { ProbeResult } from '../probes/types';

/** The latest probe of one region from one vantage point, with its health track. */
export interface ProbeStateRecord {
  readonly region: string;
  readonly vantage: string;
  readonly state: TrackedState;
  readonly recent: readonly Outcome[];
  readonly lastCheckMs: number;
  readonly result: ProbeResult;
}

/** A region's load in concurrent participants, from its health endpoint or the load API. */
export interface LoadReport {
  readonly region: string;
  readonly load: number;
  readonly source: 'probe' | 'api';
  readonly atMs: number;
}

export interface RegionStateStore {
  putProbeState(record: ProbeStateRecord): Promise<void>;
  /** Every region × vantage point known to the store. */
  probeStates(): Promise<readonly ProbeStateRecord[]>;
  /** Keeps the newer of the stored and the given report. */
  putLoad(report: LoadReport): Promise<void>;
  loads(): Promise<readonly LoadReport[]>;
}

export interface Store extends RegionStateStore {
  readonly kind: 'memory' | 'redis';
  /** Whether the store answers right now. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
