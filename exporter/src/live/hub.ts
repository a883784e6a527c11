/**
 * The live hub: one per exporter. Events come in from the region monitor (regionHealth), the
 * alert webhook (alertNotification, shared with the other replicas over the bus) and the aligned
 * dashboard timer (dashboardUpdate, metricUpdate); the hub stamps each once and fans it out to
 * the connections (WebSocket or SSE) whose project and streams it matches.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../../common/log';
import { streamMetrics } from '../../../common/metrics/catalogue';
import { counterOf, histogramOf, scrapedGaugeOf } from '../../../common/metrics/prom';
import type { AlertNotification } from '../alerts/types';
import type { RealtimeDocument } from '../analytics/realtime';
import { notificationTrigger } from '../analytics/triggers';
import type { BoundedSender } from './bounded-sender';
import { memoryBus, type LiveBus } from './bus';
import { startDashboardTimer, type DashboardTimer } from './dashboard-timer';
import { frameOf, STREAM_OF, type LiveEvent, type StampedEvent, type Stream } from './events';
import { LIVE_LIMITS, type LiveLimits } from './limits';
import { outgoingFrame, type OutgoingFrame } from './wire';

export type Transport = 'websocket' | 'sse';

/** One open connection as the hub sees it; its transport owns the socket. */
export interface LiveSubscriber {
  readonly transport: Transport;
  /** The project the connection was opened for; undefined: public (region health only). */
  readonly project?: string;
  readonly streams: Set<Stream>;
  /** The usage types a metricUpdate carries to this connection; empty: all. */
  readonly metricNames: Set<string>;
  readonly sender: BoundedSender;
}

export type DropReason = 'slow_consumer' | 'dead_peer' | 'global_cap' | 'project_cap';

/** A place among the connections, held from the handshake on; `attach` once the connection is open. */
export interface LiveSlot {
  attach(subscriber: LiveSubscriber): void;
  /** Frees the place (and detaches the subscriber); safe to call twice. */
  release(): void;
}

export type Reservation = { readonly ok: true; readonly slot: LiveSlot } | { readonly ok: false; readonly reason: string };

export interface LiveHub {
  readonly limits: LiveLimits;
  /** Takes a place for a new connection, or says which cap refuses it. */
  reserve(project: string | undefined): Reservation;
  /** Notifications just received by the webhook: delivered here and sent to the other replicas. */
  alertsArrived(notifications: readonly AlertNotification[]): void;
  /** A region's health changed (the region monitor's event sink). */
  regionChanged(code: string, region: unknown): void;
  /** Kept events after `lastEventId`, or undefined when it is outside the replay window. */
  replayAfter(lastEventId: string): readonly StampedEvent[] | undefined;
  /** Sends one stamped event to one subscriber, if it matches. */
  deliver(subscriber: LiveSubscriber, event: StampedEvent): void;
  /** Counts a connection the transport closed (slow consumer, dead peer). */
  dropped(reason: DropReason): void;
  start(): void;
  /**
   * Closes every open connection (at shutdown, before the HTTP server closes: upgraded sockets
   * would otherwise hold its close open).
   */
  closeConnections(): void;
  /** Closes every connection, and stops the timer and the bus. */
  stop(): Promise<void>;
  /** Transports register how to close their connections at shutdown. */
  onStop(close: () => void): () => void;
}

export interface LiveHubDeps {
  readonly registry: Registry;
  readonly log: Logger;
  readonly readDashboard: (project: string, nowMs: number) => Promise<RealtimeDocument>;
  readonly bus?: LiveBus;
  readonly limits?: Partial<LiveLimits>;
  readonly now?: () => number;
}

export function createLiveHub(deps: LiveHubDeps): LiveHub {
  const limits: LiveLimits = { ...LIVE_LIMITS, ...deps.limits };
  const now = deps.now ?? Date.now;
  const bus = deps.bus ?? memoryBus();
  const all = new Set<LiveSubscriber>();
  const byProject = new Map<string, Set<LiveSubscriber>>();
  const reserved = { total: 0, perProject: new Map<string, number>() };
  const replay: StampedEvent[] = [];
  const stoppers = new Set<() => void>();
  // Ids are unique to this process's life, so a Last-Event-ID from another process or life is recognised as outside the window.
  const epoch = now().toString(36);
  let sequence = 0;
  let timer: DashboardTimer | undefined;

  const messages = counterOf(streamMetrics.messages, deps.registry);
  const drops = counterOf(streamMetrics.drops, deps.registry);
  const lag = histogramOf(streamMetrics.lag, deps.registry);
  const drift = histogramOf(streamMetrics.dashboardDrift, deps.registry);
  scrapedGaugeOf(streamMetrics.connections, deps.registry, (gauge) => {
    const counts: Record<Transport, number> = { websocket: 0, sse: 0 };
    for (const subscriber of all) counts[subscriber.transport]++;
    for (const [transport, count] of Object.entries(counts)) gauge.set({ transport }, count);
  });

  function wants(subscriber: LiveSubscriber, event: LiveEvent): boolean {
    if (!subscriber.streams.has(STREAM_OF[event.type])) return false;
    return event.project === undefined || event.project === subscriber.project;
  }

  /**
   * One event's frames for a fan-out: the event's own, shared by every connection, and a
   * metricUpdate narrowed to a connection's metric names, made once per set of names.
   */
  function framesOf(event: StampedEvent): (subscriber: LiveSubscriber) => OutgoingFrame {
    const meta = { type: event.type, id: event.id };
    const shared = outgoingFrame(event.frame, meta);
    if (event.type !== 'metricUpdate') return () => shared;
    const narrowed = new Map<string, OutgoingFrame>();
    const data = event.data as { metrics: ReadonlyArray<{ type: string }> };
    return (subscriber) => {
      if (subscriber.metricNames.size === 0) return shared;
      const key = [...subscriber.metricNames].sort().join(',');
      let frame = narrowed.get(key);
      if (frame === undefined) {
        frame = outgoingFrame(frameOf(event, event.id, { ...data, metrics: data.metrics.filter((m) => subscriber.metricNames.has(m.type)) }), meta);
        narrowed.set(key, frame);
      }
      return frame;
    };
  }

  /**
   * Sends an event to the subscribers that want it. Counted and timed once per fan-out, not per
   * connection: the lag is observed when the last frame has been handed to its socket.
   */
  function fanOut(subscribers: Iterable<LiveSubscriber>, event: StampedEvent): void {
    const frameFor = framesOf(event);
    let sent = 0;
    for (const subscriber of subscribers) {
      if (wants(subscriber, event) && subscriber.sender.send(frameFor(subscriber))) sent++;
    }
    if (sent === 0) return;
    messages.inc({ type: event.type }, sent);
    lag.observe({ type: event.type }, Math.max(0, now() - event.atMs) / 1000);
  }

  function deliver(subscriber: LiveSubscriber, event: StampedEvent): void {
    fanOut([subscriber], event);
  }

  function publish(event: LiveEvent): void {
    const id = `${epoch}.${++sequence}`;
    const stamped: StampedEvent = { ...event, id, frame: frameOf(event, id, event.data) };
    replay.push(stamped);
    if (replay.length > limits.replayEvents) replay.shift();
    const audience = event.project === undefined ? all : byProject.get(event.project);
    if (audience !== undefined) fanOut(audience, stamped);
  }

  function publishAlerts(notifications: readonly AlertNotification[]): void {
    for (const notification of notifications) {
      if (notification.project === '') continue; // an alert of no project reaches no project's stream
      publish({ type: 'alertNotification', project: notification.project, data: notificationTrigger(notification), atMs: notification.receivedAtMs });
    }
  }

  /** Projects someone watches the dashboard or metrics of, with what they watch. */
  function watched(): Map<string, { dashboard: boolean; metrics: boolean }> {
    const projects = new Map<string, { dashboard: boolean; metrics: boolean }>();
    for (const [project, subscribers] of byProject) {
      let dashboard = false;
      let metrics = false;
      for (const s of subscribers) {
        dashboard ||= s.streams.has('dashboard');
        metrics ||= s.streams.has('metrics');
      }
      if (dashboard || metrics) projects.set(project, { dashboard, metrics });
    }
    return projects;
  }

  async function publishDashboard(project: string, wanted: { dashboard: boolean; metrics: boolean }, alignedMs: number): Promise<void> {
    let document: RealtimeDocument;
    try {
      document = await deps.readDashboard(project, alignedMs);
    } catch (error) {
      deps.log.warn({ err: error, project }, 'live dashboard: the store did not answer; this tick is skipped');
      return;
    }
    if (wanted.dashboard) publish({ type: 'dashboardUpdate', project, data: document, atMs: alignedMs });
    if (wanted.metrics) publish({ type: 'metricUpdate', project, data: { timestamp: document.timestamp, metrics: document.metrics }, atMs: alignedMs });
  }

  /** Reads at most `dashboardReadsAtOnce` documents at a time, each project sent as soon as its own is read. */
  async function tick(alignedMs: number): Promise<void> {
    drift.observe(Math.max(0, now() - alignedMs) / 1000);
    const waiting = [...watched()];
    let next = 0;
    const reader = async (): Promise<void> => {
      while (next < waiting.length) {
        const [project, wanted] = waiting[next++];
        await publishDashboard(project, wanted, alignedMs);
      }
    };
    await Promise.all(Array.from({ length: Math.min(limits.dashboardReadsAtOnce, waiting.length) }, reader));
  }

  function reserve(project: string | undefined): Reservation {
    if (reserved.total >= limits.maxConnections) {
      drops.inc({ reason: 'global_cap' });
      return { ok: false, reason: `this exporter holds its most live connections (${limits.maxConnections}); retry later` };
    }
    const ofProject = project === undefined ? 0 : (reserved.perProject.get(project) ?? 0);
    if (project !== undefined && ofProject >= limits.maxConnectionsPerProject) {
      drops.inc({ reason: 'project_cap' });
      return { ok: false, reason: `project "${project}" has its most live connections on this exporter (${limits.maxConnectionsPerProject}); close one or retry later` };
    }
    reserved.total++;
    if (project !== undefined) reserved.perProject.set(project, ofProject + 1);
    let attached: LiveSubscriber | undefined;
    let released = false;
    return {
      ok: true,
      slot: {
        attach(subscriber) {
          attached = subscriber;
          all.add(subscriber);
          if (project === undefined) return;
          const set = byProject.get(project) ?? new Set();
          set.add(subscriber);
          byProject.set(project, set);
        },
        release() {
          if (released) return;
          released = true;
          reserved.total--;
          if (project !== undefined) {
            const left = (reserved.perProject.get(project) ?? 1) - 1;
            if (left === 0) reserved.perProject.delete(project);
            else reserved.perProject.set(project, left);
          }
          if (!attached) return;
          all.delete(attached);
          const set = project === undefined ? undefined : byProject.get(project);
          set?.delete(attached);
          if (set?.size === 0) byProject.delete(project!);
        },
      },
    };
  }

  bus.subscribe((notifications) => publishAlerts(notifications));

  return {
    limits,
    reserve,
    alertsArrived(notifications) {
      publishAlerts(notifications);
      bus.publish(notifications);
    },
    regionChanged(code, region) {
      publish({ type: 'regionHealth', data: region, atMs: now() });
      deps.log.debug({ region: code }, 'live: region health published');
    },
    replayAfter(lastEventId) {
      const index = replay.findIndex((event) => event.id === lastEventId);
      return index === -1 ? undefined : replay.slice(index + 1);
    },
    deliver,
    dropped: (reason) => drops.inc({ reason }),
    start() {
      timer ??= startDashboardTimer(limits.dashboardIntervalMs, (alignedMs) => void tick(alignedMs), now);
    },
    closeConnections() {
      for (const close of [...stoppers]) close();
    },
    async stop() {
      timer?.stop();
      timer = undefined;
      for (const close of [...stoppers]) close();
      await bus.close();
    },
    onStop(close) {
      stoppers.add(close);
      return () => stoppers.delete(close);
    },
  };
}
