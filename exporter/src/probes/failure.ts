import type { ProbeFailureReason, ProbeResult } from './types';

/**
 * What a probe decided, before the clock is read: the attempt helper adds durationSeconds unless
 * the probe measured it itself (a WebSocket probe stops its clock before the close handshake).
 */
export type Outcome = Omit<ProbeResult, 'durationSeconds'> & { readonly durationSeconds?: number };

const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
  'EPIPE',
  // The kernel's own connect timeout; ours is shorter, so this is rare and still a connect failure.
  'ETIMEDOUT',
]);
// OpenSSL verification codes as Node reports them, plus Node's and OpenSSL's own TLS error codes.
const TLS_CODE = /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH)/;

/** The error's code, looking through AggregateError (Happy Eyeballs tries several addresses) and causes. */
function errorCode(error: unknown, depth = 0): string | undefined {
  if (typeof error !== 'object' || error === null || depth > 3) return undefined;
  const { code, errors, cause } = error as { code?: unknown; errors?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  if (Array.isArray(errors) && errors.length > 0) return errorCode(errors[0], depth + 1);
  return errorCode(cause, depth + 1);
}

/** Which failure reason a Node network error stands for. */
export function reasonForError(error: unknown): ProbeFailureReason {
  const code = errorCode(error);
  if (code === undefined) return 'protocol_error';
  if (DNS_CODES.has(code)) return 'dns_error';
  if (CONNECT_CODES.has(code)) return 'connect_error';
  if (TLS_CODE.test(code)) return 'tls_error';
  return 'protocol_error';
}

/** An error's message; duck-typed, since errors made by Node core fail instanceof Error inside jest's VM context. */
export function errorMessage(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { message, name } = error as { message?: unknown; name?: unknown };
  if (typeof message === 'string' && message !== '') return message;
  return typeof name === 'string' ? name : undefined;
}

/** "CODE: message", or whatever text a non-Error throw carries. */
export function describeError(error: unknown): string {
  const message = errorMessage(error);
  if (message === undefined) return String(error);
  const code = errorCode(error);
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

export function failure(reason: ProbeFailureReason, message: string): Outcome {
  return { success: false, reason, message };
}

export function failureFromError(error: unknown): Outcome {
  return failure(reasonForError(error), describeError(error));
}
