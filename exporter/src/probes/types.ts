import type { HttpPhase } from '../../../common/metrics/catalogue';

/** Why a probe failed; a small fixed set, so it can be a label value. */
export const PROBE_FAILURE_REASONS = [
  'timeout',
  'dns_error',
  'connect_error',
  'tls_error',
  'http_status',
  'body_mismatch',
  'protocol_error',
] as const;
export type ProbeFailureReason = (typeof PROBE_FAILURE_REASONS)[number];

/** What one probe found. Failure is data: a probe returns this, it never throws. */
export interface ProbeResult {
  readonly success: boolean;
  /** Set when success is false. */
  readonly reason?: ProbeFailureReason;
  /** Human-readable detail of a failure, for logs and the API. */
  readonly message?: string;
  /** Wall time from start to the end of the probe (or the timeout), in seconds. */
  readonly durationSeconds: number;
  /** HTTP phases in seconds; a phase that did not happen (no TLS, reused address) is 0. */
  readonly phases?: Readonly<Record<HttpPhase, number>>;
  /** HTTP status code; 0 when no response arrived. */
  readonly statusCode?: number;
  /** Earliest expiry (Unix seconds) of the peer's certificate chain, for TLS probes. */
  readonly tlsEarliestCertExpiry?: number;
  /** Load read from the response body's configured field, when the probe has one. */
  readonly load?: number;
  /** Set by the scheduler on a probe that confirmed a failure (health.confirm_delay after it), not a tick's. */
  readonly confirmation?: boolean;
}

export interface TlsOptions {
  readonly insecureSkipVerify: boolean;
  /** PEM text of extra trusted CAs, already read from ca_file. */
  readonly ca?: string;
  readonly serverName?: string;
}

export interface HttpProbeOptions {
  readonly method: 'GET' | 'HEAD' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly validStatusCodes: readonly number[];
  /** Body must match every one of these. */
  readonly failIfBodyNotMatches: readonly RegExp[];
  /** Dotted path into the JSON body holding the region's current load (e.g. "load.participants"). */
  readonly loadField?: string;
  readonly tls: TlsOptions;
}

export interface TcpProbeOptions {
  /** Complete a TLS handshake after connecting. */
  readonly tls: boolean;
  readonly tlsOptions: TlsOptions;
}

export interface WebSocketProbeOptions {
  readonly tls: TlsOptions;
  /** Optional text message to send after the upgrade; the probe then waits for any reply. */
  readonly send?: string;
}

interface ProbeCommon {
  /** URL (http, websocket) or host:port (tcp). */
  readonly target: string;
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

export type ProbeSpec =
  | (ProbeCommon & { readonly kind: 'http'; readonly http: HttpProbeOptions })
  | (ProbeCommon & { readonly kind: 'tcp'; readonly tcp: TcpProbeOptions })
  | (ProbeCommon & { readonly kind: 'websocket'; readonly websocket: WebSocketProbeOptions });

export type ProbeKind = ProbeSpec['kind'];

/**
 * One function type for every probe kind. The probe must resolve within spec.timeoutMs (plus a
 * few ms) and never reject; `signal` aborts it early (shutdown).
 */
export type ProbeFn<S extends ProbeSpec = ProbeSpec> = (spec: S, signal?: AbortSignal) => Promise<ProbeResult>;
