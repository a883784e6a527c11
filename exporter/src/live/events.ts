/**
 * The live events and their one wire form. Every message, WebSocket or SSE, is the JSON object
 * `{"type", "id", "at", "project"?, "data"}` with the original design's type names (seeds/001);
 * `at` is when the event arose (for a dashboard update, its aligned tick).
 */
export const STREAMS = ['dashboard', 'metrics', 'alerts', 'regions'] as const;
export type Stream = (typeof STREAMS)[number];

export type LiveEventType = 'dashboardUpdate' | 'metricUpdate' | 'alertNotification' | 'regionHealth';

/** Which stream each event type belongs to. */
export const STREAM_OF: Readonly<Record<LiveEventType, Stream>> = {
  dashboardUpdate: 'dashboard',
  metricUpdate: 'metrics',
  alertNotification: 'alerts',
  regionHealth: 'regions',
};

/** An event as published: region health is public (no project); the others belong to one project. */
export interface LiveEvent {
  readonly type: LiveEventType;
  readonly project?: string;
  readonly data: unknown;
  /** When it arose (webhook arrival, state change, tick), Unix ms: delivery lag is measured from it. */
  readonly atMs: number;
}

/** An event as kept and delivered: with its replay id and its frame, serialised once for every connection. */
export interface StampedEvent extends LiveEvent {
  readonly id: string;
  readonly frame: string;
}

export function frameOf(event: Pick<LiveEvent, 'type' | 'project' | 'atMs'>, id: string, data: unknown): string {
  const at = new Date(event.atMs).toISOString();
  return JSON.stringify(event.project === undefined ? { type: event.type, id, at, data } : { type: event.type, id, at, project: event.project, data });
}

/** A server message that is no event (the answer to a bad client message, a lost replay). */
export function errorFrame(reason: string): string {
  return JSON.stringify({ type: 'error', reason });
}
