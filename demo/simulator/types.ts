import type { Logger } from '../../common/log';
import type { ActiveFault, SimFault, SimFaultMode } from './fault';

/** One fake region as configured. Ports left out (or 0) are picked by the OS. */
export interface SimulatedRegionSpec {
  readonly code: string;
  readonly httpPort?: number;
  readonly tlsPort?: number;
  /** Delay injected before every answer's headers. */
  readonly latencyMs: number;
  /** Standard deviation of a normal spread around latencyMs; 0 (the default) keeps it exact. */
  readonly jitterMs?: number;
  /** Participants currently connected (default 0). */
  readonly load?: number;
  /** Participants the region can hold (default 10000). */
  readonly capacity?: number;
  /** Let the load wander around its starting value, so demo dashboards move. */
  readonly loadWalk?: boolean;
}

export interface SimulatorOptions {
  /** Address every server binds to (default 127.0.0.1). */
  readonly host?: string;
  readonly regions: readonly SimulatedRegionSpec[];
  /** Port of the control API; 0 or left out picks a free one. */
  readonly controlPort?: number;
  /** Seed of the jitter and load-walk random numbers, so runs repeat (default 1). */
  readonly seed?: number;
  /** How often a walking load takes a step (default 1000 ms). */
  readonly loadWalkIntervalMs?: number;
  /** Fault changes and start-up are logged here; silent when left out. */
  readonly logger?: Logger;
}

/** What a region looks like right now, as the API and the control endpoint report it. */
export interface SimulatedRegionInfo {
  readonly code: string;
  /** http://host:httpPort/health */
  readonly healthUrl: string;
  /** https://host:tlsPort/health */
  readonly tlsHealthUrl: string;
  /** wss://host:tlsPort/rtc */
  readonly mediaUrl: string;
  readonly httpPort: number;
  readonly tlsPort: number;
  readonly latencyMs: number;
  readonly jitterMs: number;
  readonly fault: ActiveFault;
  /** Participants connected now. */
  readonly load: number;
  readonly capacity: number;
  /** HTTP requests, WebSocket upgrades and WebSocket messages received so far. */
  readonly requests: number;
  /** Of those, the ones not yet answered (delayed or hanging). */
  readonly inFlight: number;
}

export interface Simulator {
  /** PEM of the certificate the TLS servers present normally; trust it as a CA. */
  readonly caCertificate: string;
  /** http://host:controlPort */
  readonly controlUrl: string;
  regions(): SimulatedRegionInfo[];
  /** Throws on an unknown code. */
  region(code: string): SimulatedRegionInfo;
  /** Resolves once the fault is in force (for `down`: listeners closed; after it: listening again). */
  setFault(code: string, fault: SimFault | SimFaultMode): Promise<void>;
  /** Leaving jitterMs out makes the delay exact again. */
  setLatency(code: string, ms: number, jitterMs?: number): void;
  setLoad(code: string, participants: number): void;
  /** Same as region(code).requests. */
  requests(code: string): number;
  /** Closes every server and socket (hanging ones too) and stops every timer. */
  close(): Promise<void>;
}
