/**
 * What a Live bench client reads from one message of the exporter's stream (or the bare server's):
 * an alert's latency from the webhook's arrival, or a dashboard update's lateness after its
 * boundary. Pure, so a test can hold it to the exporter's real frame.
 */

/** Dashboard ticks are aligned to multiples of this on the wall clock. */
export const DASHBOARD_PERIOD_MS = 5000;

export type LiveSample = { readonly kind: 'alert' | 'dashboard'; readonly ms: number } | undefined;

export function liveSample(frame: string, arrivedMs: number): LiveSample {
  // A frame's `at` is when its event arose (exporter/src/live/events.ts): for an alertNotification,
  // the webhook's arrival. Its data is the trigger, which holds no arrival time of its own.
  const message = JSON.parse(frame) as { type?: unknown; at?: unknown };
  if (message.type === 'alertNotification' && typeof message.at === 'string') return { kind: 'alert', ms: arrivedMs - Date.parse(message.at) };
  // The remainder after the boundary is how late this tick's update arrived.
  if (message.type === 'dashboardUpdate') return { kind: 'dashboard', ms: arrivedMs % DASHBOARD_PERIOD_MS };
  return undefined;
}
