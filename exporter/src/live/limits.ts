/** Every bound of the live streams, in one place (documented in README.md, "Live updates"). */
export interface LiveLimits {
  /** Connections (WebSocket and SSE together) one exporter holds; more answer 429. */
  readonly maxConnections: number;
  /** Connections naming one project; more answer 429. Public (regions-only) connections count only globally. */
  readonly maxConnectionsPerProject: number;
  /** Messages written to a connection but not yet taken by its socket; past it the connection is closed (slow consumer). */
  readonly maxQueuedMessages: number;
  /** How often the server pings; a peer that has not answered the previous ping by the next is closed (dead peer). */
  readonly pingIntervalMs: number;
  /** Events kept for `Last-Event-ID` replay (SSE), newest last. */
  readonly replayEvents: number;
  /** The dashboard period; ticks are aligned to multiples of it on the wall clock. */
  readonly dashboardIntervalMs: number;
  /** Projects whose dashboard document one tick reads from the store at once; the others wait for a place. */
  readonly dashboardReadsAtOnce: number;
  /** Largest client (WebSocket) message in bytes; larger closes with 1009. */
  readonly maxClientMessageBytes: number;
}

export const LIVE_LIMITS: LiveLimits = Object.freeze({
  maxConnections: 10_000,
  maxConnectionsPerProject: 100,
  maxQueuedMessages: 256,
  pingIntervalMs: 30_000,
  replayEvents: 1_000,
  dashboardIntervalMs: 5_000,
  dashboardReadsAtOnce: 16,
  maxClientMessageBytes: 4_096,
});

/** WebSocket close codes the server uses (4000–4999 are the application's). */
export const CLOSE_CODES = Object.freeze({
  slowConsumer: 4008,
  deadPeer: 4001,
  shuttingDown: 1001,
});
