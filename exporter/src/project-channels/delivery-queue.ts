/**
 * At-least-once delivery of project alert notifications to the project's channels: each
 * (notification, channel) is one delivery with a stable id, tried at once and then with
 * exponential backoff (initial_backoff doubling up to max_backoff) until it succeeds or
 * give_up_after has passed since the first attempt. Every attempt is counted in
 * pulse_alert_delivery_attempts_total, every outcome in pulse_alert_deliveries_total.
 *
 * Bounded: at most MAX_PENDING deliveries wait for a retry (past it a new one is dropped and
 * counted); ids delivered within the retry period are remembered (at most MAX_REMEMBERED), so a
 * repeat from Alertmanager is not sent again by this replica. Pending retries live in this
 * process: a restart loses them (Alertmanager's repeat_interval sends the alert again).
 */
import type { Registry } from 'prom-client';
import type { Logger } from '../../../common/log';
import { alertMetrics } from '../../../common/metrics/catalogue';
import { counterOf } from '../../../common/metrics/prom';
import type { AlertNotification } from '../alerts/types';
import type { ProjectAlertSettings } from '../config/model';
import type { ProjectChannel } from '../project-alerts/types';
import type { ProjectChannelStore } from '../store/types';
import { channelsOf, toMessage, type AlertMessage } from './message';
import type { Sender } from './senders';

export const MAX_PENDING = 10_000;
export const MAX_REMEMBERED = 100_000;

export interface DeliveryQueue {
  /** Starts delivering the project alerts among `notifications`; resolves once each has had its first attempt. */
  enqueue(notifications: readonly AlertNotification[]): Promise<void>;
  /** Delivers one message to one channel of a project (escalations); resolves after the first attempt. */
  send(project: string, channel: ProjectChannel, message: AlertMessage): Promise<void>;
  /** Deliveries waiting for a retry. */
  pending(): number;
  stop(): void;
}

export interface DeliveryQueueDeps {
  readonly store: ProjectChannelStore;
  readonly settings: ProjectAlertSettings;
  readonly senders: Readonly<Record<ProjectChannel, Sender>>;
  readonly registry: Registry;
  readonly log: Logger;
}

export function createDeliveryQueue({ store, settings, senders, registry, log }: DeliveryQueueDeps): DeliveryQueue {
  const attempts = counterOf(alertMetrics.deliveryAttempts, registry);
  const outcomes = counterOf(alertMetrics.deliveries, registry);
  const timers = new Map<string, NodeJS.Timeout>();
  /** Delivery id → when it was delivered (ms); insertion order is age order. */
  const delivered = new Map<string, number>();
  const { initialBackoffMs, maxBackoffMs, giveUpAfterMs } = settings.delivery;

  function remember(id: string): void {
    delivered.set(id, Date.now());
    const cutoff = Date.now() - giveUpAfterMs;
    for (const [old, at] of delivered) {
      if (at >= cutoff && delivered.size <= MAX_REMEMBERED) break;
      delivered.delete(old);
    }
  }

  async function attempt(project: string, channel: ProjectChannel, message: AlertMessage, firstMs: number, tries: number): Promise<void> {
    timers.delete(message.delivery_id);
    try {
      const channels = await store.projectChannels(project);
      await senders[channel](message, channels ?? {});
      attempts.inc({ channel, result: 'success' });
      outcomes.inc({ channel, outcome: 'delivered' });
      remember(message.delivery_id);
      return;
    } catch (error) {
      attempts.inc({ channel, result: 'failure' });
      const waitMs = Math.min(maxBackoffMs, initialBackoffMs * 2 ** tries);
      if (Date.now() + waitMs - firstMs > giveUpAfterMs) {
        outcomes.inc({ channel, outcome: 'expired' });
        log.warn({ project, channel, delivery: message.delivery_id, attempts: tries + 1, err: error }, 'alert delivery given up');
        return;
      }
      if (timers.size >= MAX_PENDING) {
        outcomes.inc({ channel, outcome: 'dropped' });
        log.warn({ project, channel, delivery: message.delivery_id }, `alert delivery dropped: ${MAX_PENDING} deliveries already wait for a retry`);
        return;
      }
      log.info({ project, channel, delivery: message.delivery_id, attempt: tries + 1, retry_in_ms: waitMs, error: (error as Error).message }, 'alert delivery failed; retrying');
      const timer = setTimeout(() => void attempt(project, channel, message, firstMs, tries + 1), waitMs);
      timer.unref();
      timers.set(message.delivery_id, timer);
    }
  }

  async function send(project: string, channel: ProjectChannel, message: AlertMessage): Promise<void> {
    // A repeat of a delivery already done or still retrying: the receiver has it, or will.
    if (delivered.has(message.delivery_id) || timers.has(message.delivery_id)) return;
    await attempt(project, channel, message, Date.now(), 0);
  }

  return {
    async enqueue(notifications) {
      const firsts: Promise<void>[] = [];
      for (const n of notifications) {
        if (!n.project) continue;
        for (const channel of channelsOf(n)) {
          firsts.push(send(n.project, channel, toMessage(n, channel)));
        }
      }
      await Promise.all(firsts);
    },
    send,
    pending: () => timers.size,
    stop() {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}
