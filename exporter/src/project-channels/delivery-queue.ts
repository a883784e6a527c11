/**
 * At-least-once delivery of project alert notifications to the project's channels: each
 * (notification, channel) is one delivery with a stable id, tried at once and then with
 * exponential backoff (initial_backoff doubling up to max_backoff) until it succeeds or
 * give_up_after has passed since the first attempt. Every attempt is counted in
 * pulse_alert_delivery_attempts_total, every outcome in pulse_alert_deliveries_total.
 *
 * Durable: a delivery is claimed in the store (so a repeat from Alertmanager, on this replica or
 * another, is not sent again within give_up_after) and kept there, leased, while it is attempted,
 * then kept with its next due time while it waits. Every replica polls for due deliveries, so a
 * crash or a restart loses nothing: the lease runs out and any replica sends it (the receiver
 * may then see the same delivery_id twice, and drops the repeat).
 *
 * Bounded: at most MAX_PENDING deliveries wait in the store (past it a new one is attempted once,
 * not kept, and counted as dropped); each poll takes at most POLL_BATCH of them.
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../../common/log';
import { alertMetrics } from '../../../common/metrics/catalogue';
import { counterOf } from '../../../common/metrics/prom';
import type { AlertNotification } from '../alerts/types';
import type { ProjectAlertSettings } from '../config/model';
import type { ProjectChannel } from '../project-alerts/types';
import type { DeliveryStore, ProjectChannelStore } from '../store/types';
import { channelsOf, toMessage, type AlertMessage } from './message';
import type { Sender } from './senders';

export const MAX_PENDING = 10_000;
/** How long an attempt holds a delivery before another replica may take it (a send times out after 10 s). */
export const LEASE_MS = 30_000;
export const POLL_INTERVAL_MS = 1_000;
export const POLL_BATCH = 100;

export interface DeliveryQueue {
  /** Starts delivering the project alerts among `notifications`; resolves once each has had its first attempt. */
  enqueue(notifications: readonly AlertNotification[]): Promise<void>;
  /** Delivers one message to one channel of a project (escalations); resolves after the first attempt. */
  send(project: string, channel: ProjectChannel, message: AlertMessage): Promise<void>;
  /** Attempts the deliveries due now (the poller's step; tests call it to skip the wait). */
  retryDue(): Promise<void>;
  /** Deliveries waiting in the store, of every replica. */
  pending(): Promise<number>;
  /** Starts polling the store for due deliveries. */
  start(): void;
  stop(): void;
}

export interface DeliveryQueueDeps {
  readonly store: ProjectChannelStore & DeliveryStore;
  readonly settings: ProjectAlertSettings;
  readonly senders: Readonly<Record<ProjectChannel, Sender>>;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now?: () => number;
}

/** What the store keeps of a delivery. */
interface Delivery {
  readonly project: string;
  readonly channel: ProjectChannel;
  readonly message: AlertMessage;
  readonly firstMs: number;
  readonly tries: number;
}

export function createDeliveryQueue({ store, settings, senders, registry, log, now = Date.now }: DeliveryQueueDeps): DeliveryQueue {
  const attempts = counterOf(alertMetrics.deliveryAttempts, registry);
  const outcomes = counterOf(alertMetrics.deliveries, registry);
  const { initialBackoffMs, maxBackoffMs, giveUpAfterMs } = settings.delivery;
  let poller: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;

  const keep = (d: Delivery, dueMs: number) => store.scheduleDelivery({ id: d.message.delivery_id, body: JSON.stringify(d) }, dueMs, MAX_PENDING);

  async function failed(d: Delivery, error: unknown): Promise<void> {
    const { project, channel } = d;
    const delivery = d.message.delivery_id;
    attempts.inc({ channel, result: 'failure' });
    const waitMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** d.tries);
    if (now() + waitMs - d.firstMs > giveUpAfterMs) {
      outcomes.inc({ channel, outcome: 'expired' });
      log.warn({ project, channel, delivery, attempts: d.tries + 1, err: error }, 'alert delivery given up');
      await store.finishDelivery(delivery);
      return;
    }
    log.info({ project, channel, delivery, attempt: d.tries + 1, retry_in_ms: waitMs, error: (error as Error).message }, 'alert delivery failed; retrying');
    await keep({ ...d, tries: d.tries + 1 }, now() + waitMs);
  }

  async function attempt(d: Delivery): Promise<void> {
    try {
      const channels = await store.projectChannels(d.project);
      await senders[d.channel](d.message, channels ?? {});
    } catch (error) {
      await failed(d, error);
      return;
    }
    attempts.inc({ channel: d.channel, result: 'success' });
    outcomes.inc({ channel: d.channel, outcome: 'delivered' });
    await store.finishDelivery(d.message.delivery_id);
  }

  /** Claims, keeps (leased) and attempts a new delivery; a store that fails throws before any send. */
  async function send(project: string, channel: ProjectChannel, message: AlertMessage): Promise<void> {
    // A repeat of a delivery already done or still retrying (here or on another replica): the receiver has it, or will.
    if (!(await store.claimDelivery(message.delivery_id, giveUpAfterMs))) return;
    const d: Delivery = { project, channel, message, firstMs: now(), tries: 0 };
    if (!(await keep(d, now() + LEASE_MS))) {
      outcomes.inc({ channel, outcome: 'dropped' });
      log.warn({ project, channel, delivery: message.delivery_id }, `alert delivery attempted once and not kept: ${MAX_PENDING} deliveries already wait`);
      try {
        await senders[channel](message, (await store.projectChannels(project)) ?? {});
        attempts.inc({ channel, result: 'success' });
      } catch {
        attempts.inc({ channel, result: 'failure' });
      }
      return;
    }
    await attempt(d);
  }

  async function retryDue(): Promise<void> {
    const due = await store.takeDueDeliveries(now(), LEASE_MS, POLL_BATCH);
    await Promise.all(due.map((p) => attempt(JSON.parse(p.body) as Delivery)));
  }

  function poll(): void {
    if (polling) return; // the previous poll still runs: one at a time
    polling = retryDue()
      .catch((error: Error) => log.warn({ err: error }, 'alert deliveries: store unavailable; retried at the next poll'))
      .finally(() => {
        polling = undefined;
      });
  }

  return {
    async enqueue(notifications) {
      const firsts: Promise<void>[] = [];
      for (const n of notifications) {
        if (!n.project) continue;
        for (const channel of channelsOf(n)) firsts.push(send(n.project, channel, toMessage(n, channel)));
      }
      await Promise.all(firsts);
    },
    send,
    retryDue,
    pending: () => store.pendingDeliveries(),
    start() {
      poller ??= setInterval(poll, POLL_INTERVAL_MS);
      poller.unref();
    },
    stop() {
      clearInterval(poller);
      poller = undefined;
    },
  };
}
