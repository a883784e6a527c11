import type { ProjectChannel } from '../project-alerts/types';

/** A project's own notification destinations (PUT /api/v1/analytics/channels/:project_id). */
export interface ProjectChannels {
  /** Where a critical or high trigger goes, one channel per `delay_minutes` it stays unacknowledged. */
  readonly escalation?: { readonly delay_minutes: number; readonly channels: readonly ProjectChannel[] };
  readonly webhook?: { readonly url: string; /** HMAC-SHA256 key of X-Pulse-Signature; never shown by GET. */ readonly secret: string };
  readonly slack?: { readonly url: string };
  readonly email?: { readonly to: readonly string[] };
}
