/**
 * Sends the demo's usage to pulse-exporter every interval, and asks it for regions the way
 * joining clients do. Usage goes as a client should send it: one batch per
 * window, retried with backoff until acknowledged (503 and network errors), never resent once
 * acknowledged. Bounded: it stops after `maxWindows` windows when one is given.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../common/log';
import { recordedBodies } from './recorded-values';
import { usageBatch, type DemoEvent } from './usage-batches';

export interface TrafficOptions {
  readonly exporterUrl: string;
  readonly key: string;
  readonly regions: readonly string[];
  readonly intervalMs: number;
  readonly log: Logger;
  readonly signal: AbortSignal;
  readonly maxWindows?: number;
  /**
   * Where the first window starts (epoch ms), when usage up to then is already accounted for
   * elsewhere: the local stack backfills history up to a moment and the traffic continues from it,
   * catching up window by window, so no minute between the two is missing from the counters.
   */
  readonly sinceMs?: number;
}

/** How far back `sinceMs` may reach: catching up is one batch per window, and an hour is 240 of them at 15 s. */
export const MAX_CATCH_UP_MS = 3_600_000;
/** The log message once the windows since `sinceMs` are all sent. */
export const CAUGHT_UP = 'caught up';

export function sendWindow(options: TrafficOptions, fromMs: number, toMs: number): Promise<{ accepted: number; duplicates: number }> {
  return sendEvents(options, usageBatch(options.regions, fromMs, toMs));
}

/** Posts one batch, retrying until it is acknowledged. */
export async function sendEvents(options: Omit<TrafficOptions, 'regions' | 'intervalMs'>, events: readonly DemoEvent[]): Promise<{ accepted: number; duplicates: number }> {
  const body = JSON.stringify({ events });
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await fetch(`${options.exporterUrl}/api/v1/usage/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
        body,
        signal: options.signal,
      });
      if (response.ok) return (await response.json()) as { accepted: number; duplicates: number };
      const text = await response.text();
      // 4xx other than 429 will not get better by retrying: report it and drop the window.
      if (response.status < 500 && response.status !== 429) throw new Error(`exporter refused the batch (${response.status}): ${text}`);
      options.log.warn({ status: response.status, attempt }, 'batch not acknowledged; retrying');
    } catch (error) {
      if (options.signal.aborted || (error as Error).message.startsWith('exporter refused')) throw error;
      options.log.warn({ err: (error as Error).message, attempt }, 'exporter unreachable; retrying');
    }
    await sleep(Math.min(10_000, 250 * 2 ** attempt), undefined, { signal: options.signal });
  }
}

/** Public addresses of a few countries: clients asking which region to join. */
const CLIENT_IPS = ['8.8.8.8', '81.2.69.142', '133.11.0.1', '1.0.16.1', '2001:4860:4860::8888'];

/** A few region selections per window, as joining clients would make; failures are only logged. */
export async function selectRegions(options: TrafficOptions, window: number): Promise<void> {
  for (const [index, ip] of CLIENT_IPS.entries()) {
    const preferred = index === window % CLIENT_IPS.length ? options.regions[window % options.regions.length] : undefined;
    await fetch(`${options.exporterUrl}/api/v1/regions/nearest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_ip: ip, ...(preferred ? { preferred_region: preferred } : {}) }),
      signal: options.signal,
    }).then(
      (response) => response.body?.cancel(),
      (error: Error) => options.log.debug({ err: error.message }, 'selection failed'),
    );
  }
}

/** The demo projects' own gauges: a window missed is only logged, the next one sets them again. */
export async function recordValues(options: TrafficOptions, fromMs: number, toMs: number): Promise<void> {
  for (const body of recordedBodies(options.regions, fromMs, toMs)) {
    const response = await fetch(`${options.exporterUrl}/api/v1/analytics/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.key}` },
      body: JSON.stringify(body),
      signal: options.signal,
    });
    if (!response.ok) options.log.warn({ status: response.status, answer: await response.text() }, 'recorded values refused');
  }
}

export async function runTraffic(options: TrafficOptions): Promise<void> {
  const startMs = options.sinceMs ?? Date.now();
  if (Date.now() - startMs > MAX_CATCH_UP_MS) throw new Error(`since: at most ${MAX_CATCH_UP_MS / 60_000} minutes ago (got ${new Date(startMs).toISOString()})`);
  let windowStart = Math.floor(startMs / options.intervalMs) * options.intervalMs;
  let caughtUp = options.sinceMs === undefined;
  for (let sent = 0; options.maxWindows === undefined || sent < options.maxWindows; sent++) {
    const windowEnd = windowStart + options.intervalMs;
    if (!caughtUp && windowEnd > Date.now()) {
      caughtUp = true;
      // The local stack waits for this line before it starts Prometheus (scripts/stack/run-stack.ts).
      options.log.info({ since: new Date(startMs).toISOString() }, CAUGHT_UP);
    }
    await sleep(Math.max(0, windowEnd - Date.now()), undefined, { signal: options.signal });
    // Catching up is usage only: past windows had no clients joining and no gauges to set.
    if (caughtUp) {
      await selectRegions(options, sent).catch(() => undefined);
      await recordValues(options, windowStart, windowEnd).catch((error: Error) => options.log.warn({ err: error.message }, 'recorded values not sent'));
    }
    try {
      const result = await sendWindow(options, windowStart, windowEnd);
      options.log.debug({ ...result, windowEnd: new Date(windowEnd).toISOString() }, 'usage sent');
    } catch (error) {
      if (options.signal.aborted) return;
      options.log.error({ err: (error as Error).message }, 'usage window dropped');
    }
    windowStart = windowEnd;
  }
}
