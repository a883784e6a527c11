/**
 * Bounds how many 400 and 401 answers one client address gets a minute: each costs the exporter
 * a parse or a key hash, and key guessing is a stream of 401s. Past the budget, every request
 * from that address answers 429 with Retry-After until the minute ends. Windows are fixed
 * minutes; at most MAX_TRACKED_CLIENTS addresses are tracked in one, and addresses beyond that
 * are not limited until the next minute (the table never grows past its bound).
 */
import type { RequestHandler } from 'express';

export const FAILURE_WINDOW_MS = 60_000;
export const MAX_TRACKED_CLIENTS = 10_000;
const LIMITED_STATUSES = new Set([400, 401]);

/** The middleware, and whether an address is past its budget (for a route served before express: probed-health-route.ts). */
export type FailureBudget = RequestHandler & { spent(client: string): boolean };

export function failureBudget(perMinute: number, { now = Date.now, maxTracked = MAX_TRACKED_CLIENTS }: { now?: () => number; maxTracked?: number } = {}): FailureBudget {
  let windowStart = 0;
  let failures = new Map<string, number>();

  const currentWindow = (): number => {
    const start = now() - (now() % FAILURE_WINDOW_MS);
    if (start !== windowStart) {
      windowStart = start;
      failures = new Map();
    }
    return start;
  };

  const spent = (client: string): boolean => {
    currentWindow();
    return (failures.get(client) ?? 0) >= perMinute;
  };

  const middleware: RequestHandler = (req, res, next) => {
    const client = req.socket.remoteAddress ?? 'unknown';
    const start = currentWindow();
    if (spent(client)) {
      const retryAfter = Math.max(1, Math.ceil((start + FAILURE_WINDOW_MS - now()) / 1000));
      res.status(429).set('Retry-After', String(retryAfter)).json({ error: `too many rejected requests (400 or 401) from this address: at most ${perMinute} a minute; retry in ${retryAfter} s` });
      return;
    }
    res.on('finish', () => {
      if (!LIMITED_STATUSES.has(res.statusCode) || currentWindow() !== start) return;
      const count = failures.get(client);
      if (count !== undefined) failures.set(client, count + 1);
      else if (failures.size < maxTracked) failures.set(client, 1);
    });
    next();
  };
  return Object.assign(middleware, { spent });
}
