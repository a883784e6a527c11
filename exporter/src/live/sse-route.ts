/**
 * GET /api/v1/analytics/events: the live events over Server-Sent Events (`event:` the type, `id:`
 * for `Last-Event-ID`). `streams` picks among dashboard, metrics, alerts, regions; without it,
 * everything the caller may see. Without `project` only region health, which is public.
 */
import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { bearerToken } from '../../../common/http/bearer-key';
import { badRequest, parseBody } from '../api/request-body';
import type { AnalyticsRouteContext } from '../api/analytics-context';
import { USAGE_TYPES } from '../usage/types';
import { boundedSender } from './bounded-sender';
import { errorFrame, STREAMS, type Stream } from './events';
import type { LiveHub, LiveSubscriber } from './hub';
import { openStream } from './stream-access';
import { outgoingFrame, sseChunk } from './wire';

const eventsQuery = z.strictObject({
  project: z.string().min(1).max(63).optional(),
  streams: z.array(z.enum(STREAMS)).min(1).optional(),
  metrics: z.array(z.enum(USAGE_TYPES)).min(1).optional(),
});

/** The comma-separated parameters as lists, so a bad item is named by its index (`streams[1]`). */
function splitLists(query: Request['query']): Record<string, unknown> {
  const lists = Object.fromEntries(['streams', 'metrics'].filter((key) => typeof query[key] === 'string').map((key) => [key, (query[key] as string).split(',').map((item) => item.trim())]));
  return { ...query, ...lists };
}

function refuse(res: Response, status: number, error: string, retryAfter?: string): void {
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  const wait = retryAfter ?? (status === 429 ? '5' : undefined);
  if (wait !== undefined) res.set('Retry-After', wait);
  res.status(status).json({ error });
}

function replay(hub: LiveHub, subscriber: LiveSubscriber, req: Request): void {
  const lastEventId = req.get('last-event-id');
  if (lastEventId === undefined) return;
  const missed = hub.replayAfter(lastEventId);
  if (missed === undefined) {
    const reason = `Last-Event-ID ${JSON.stringify(lastEventId)} is outside the replay window (the last ${hub.limits.replayEvents} events of this exporter); events may have been missed, read the current state`;
    subscriber.sender.send(outgoingFrame(errorFrame(reason), { type: 'error' }));
    return;
  }
  for (const event of missed) hub.deliver(subscriber, event);
}

export function mountLiveEvents(router: Router, { runtime }: AnalyticsRouteContext): void {
  router.get('/events', async (req, res) => {
    const parsed = parseBody(eventsQuery, splitLists(req.query));
    if (!parsed.ok) {
      res.status(400).json(badRequest(parsed.problems));
      return;
    }
    const query = parsed.value;
    const streams = new Set<Stream>(query.streams ?? (query.project === undefined ? ['regions'] : STREAMS));
    const needProject = [...streams].filter((stream) => stream !== 'regions');
    if (query.project === undefined && needProject.length > 0) {
      res.status(400).json({ error: `invalid request: project: is required for the streams ${needProject.join(', ')} (only regions is public)` });
      return;
    }
    const hub = runtime.live;
    const access = await openStream(runtime, hub, bearerToken(req.headers.authorization), query.project);
    if (!access.ok) return refuse(res, access.status, access.error, access.retryAfter);
    if (req.socket.destroyed) return access.slot.release();

    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    res.write(`retry: 2000\n\n`);
    const sender = boundedSender((frame, done) => void res.write(frame.sse(), done), hub.limits.maxQueuedMessages, () => {
      hub.dropped('slow_consumer');
      res.end(sseChunk(errorFrame(`slow consumer: more than ${hub.limits.maxQueuedMessages} messages queued; closed`), { type: 'error' }));
      // A peer that never reads would hold the socket: it goes once the reason had its chance.
      setTimeout(() => res.destroy(), 5_000).unref();
    });
    const subscriber: LiveSubscriber = { transport: 'sse', project: access.project, streams, metricNames: new Set(query.metrics ?? []), sender };
    // Comments keep proxies from timing the stream out; a dead peer fails the write or fills the queue.
    const pingFrame = outgoingFrame('', { type: 'ping' });
    const ping = setInterval(() => sender.send(pingFrame), hub.limits.pingIntervalMs);
    ping.unref();
    const unregister = hub.onStop(() => res.end());
    res.on('close', () => {
      clearInterval(ping);
      unregister();
      access.slot.release();
    });
    access.slot.attach(subscriber);
    replay(hub, subscriber, req);
  });
}
