/**
 * Who may open a live stream, the one rule for WebSocket and SSE: without a project, anyone
 * (region health only, which is public); with one, a key that reaches that project (the
 * analytics API's rule, usage/project-access.ts), within the connection caps; a handshake naming a
 * project is one request against that project's API rate limit (usage/project-rate-limit.ts).
 */
import type { ExporterRuntime } from '../runtime';
import { projectAccess } from '../usage/project-access';
import { consumeProjectRequest } from '../usage/project-rate-limit';
import type { LiveHub, LiveSlot } from './hub';

export type StreamAccess =
  | { readonly ok: true; readonly project?: string; readonly slot: LiveSlot }
  | { readonly ok: false; readonly status: 401 | 403 | 429 | 503; readonly error: string; readonly retryAfter?: string };

export async function openStream(runtime: ExporterRuntime, hub: LiveHub, key: string | undefined, project: string | undefined): Promise<StreamAccess> {
  if (project !== undefined) {
    const access = projectAccess(runtime.config(), key, project);
    if (!access.ok) return access;
    const rate = await consumeProjectRequest(runtime.store, project, access.rateLimitPerMinute, () => runtime.events.storeFailed('rate_limit'));
    if (!rate.ok) return rate;
  }
  const reservation = hub.reserve(project);
  if (!reservation.ok) return { ok: false, status: 429, error: reservation.reason };
  return { ok: true, project, slot: reservation.slot };
}

/** The subprotocol that carries the key from a browser (`new WebSocket(url, ['pulse.v1', 'pulse.key.' + key])`). */
export const KEY_PROTOCOL_PREFIX = 'pulse.key.';
/** The subprotocol the server selects: never the one carrying the key, so the key is not echoed. */
export const PULSE_PROTOCOL = 'pulse.v1';

/** The key from `Sec-WebSocket-Protocol`, if one of the offered subprotocols carries it. */
export function keyFromProtocols(header: string | undefined): string | undefined {
  const offered = (header ?? '').split(',').map((p) => p.trim());
  const carrier = offered.find((p) => p.startsWith(KEY_PROTOCOL_PREFIX));
  return carrier === undefined ? undefined : carrier.slice(KEY_PROTOCOL_PREFIX.length) || undefined;
}
