/**
 * Deliveries kept in the store: what one replica began, another (or the same after a restart)
 * finishes, once per delivery id; repeats are not sent again; the queue's bound holds. Real Redis
 * shared by two stores (two replicas), a real HTTP receiver on loopback.
 */
import { Registry } from 'prom-client';
import { silentLogger } from '../../../common/log';
import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { sample } from '../testing/exporter-process';
import type { AlertNotification } from '../alerts/types';
import { createMemoryStore } from '../store/memory-store';
import { createRedisStore } from '../store/redis-store';
import type { Store } from '../store/types';
import { createDeliveryQueue, LEASE_MS, type DeliveryQueue } from './delivery-queue';
import { createSenders } from './senders';
import { testAlertSettings } from './testing/alert-settings';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

const settings = testAlertSettings({ initialBackoffMs: 50, maxBackoffMs: 200 });

const firing: AlertNotification = {
  status: 'firing',
  alertname: 'ProjectAlert',
  severity: 'high',
  project: 'acme',
  labels: { alertname: 'ProjectAlert', project: 'acme', alert_id: 'feedfeedfeedfeedfeedfeed', severity: 'high', project_channels: 'webhook' },
  annotations: { summary: 'Too many minutes', value: '130', threshold: '100', condition: 'gt' },
  startsAt: '2026-12-07T03:00:00Z',
  endsAt: '',
  fingerprint: 'f1',
  receiver: 'pulse',
  receivedAtMs: Date.parse('2026-12-07T03:00:05Z'),
};

let redis: RedisServerHandle;
let hook: WebhookReceiver;
let prefixes = 0;
const opened: Array<{ store: Store; queue: DeliveryQueue }> = [];

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
});
afterAll(async () => {
  await redis.dispose();
});
beforeEach(async () => {
  hook = await startWebhookReceiver('/hook');
});
afterEach(async () => {
  for (const { queue } of opened) queue.stop();
  await Promise.all(opened.splice(0).map(({ store }) => store.close()));
  await hook.close();
});

/** A replica: its own store client on the shared Redis (prefix), its own queue and registry. */
async function replica(prefix: string, options: { now?: () => number; giveUpAfterMs?: number } = {}) {
  const store = createRedisStore({ url: redis.url, keyPrefix: prefix });
  const registry = new Registry();
  const replicaSettings = { ...settings, delivery: { ...settings.delivery, giveUpAfterMs: options.giveUpAfterMs ?? settings.delivery.giveUpAfterMs } };
  const queue = createDeliveryQueue({ store, settings: replicaSettings, senders: createSenders(replicaSettings), registry, log: silentLogger(), now: options.now });
  opened.push({ store, queue });
  await store.putProjectChannels('acme', { webhook: { url: hook.url, secret: 's' } });
  return { store, queue, registry };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const deliveryIds = () => hook.requests().map((r) => r.headers['x-pulse-delivery']);

describe('deliveries kept in the store', () => {
  it('a retry that one replica left (stopped after a failed attempt) is delivered by another, once', async () => {
    const prefix = `d${++prefixes}:`;
    const a = await replica(prefix);
    hook.failNext(1);
    await a.queue.enqueue([firing]);
    a.queue.stop(); // the replica is gone: no poller of its own will retry
    expect(await a.queue.pending()).toBe(1);

    const b = await replica(prefix);
    await pause(100); // past the first backoff
    await b.queue.retryDue();
    expect(hook.requests().map((r) => r.status)).toEqual([500, 200]);
    expect(new Set(deliveryIds()).size).toBe(1);
    expect(await b.queue.pending()).toBe(0);
    await b.queue.retryDue();
    expect(hook.requests()).toHaveLength(2);
  });

  it('a delivery taken by a replica that died mid-attempt is taken again once its lease runs out', async () => {
    const prefix = `d${++prefixes}:`;
    const a = await replica(prefix);
    hook.failNext(1);
    await a.queue.enqueue([firing]);
    await pause(100);
    // Replica A takes it (leased) and dies before attempting: nothing is sent.
    expect(await a.store.takeDueDeliveries(Date.now(), LEASE_MS, 10)).toHaveLength(1);
    const b = await replica(prefix);
    await b.queue.retryDue();
    expect(hook.requests()).toHaveLength(1); // still leased
    const later = await replica(prefix, { now: () => Date.now() + LEASE_MS + 1_000 });
    await later.queue.retryDue();
    expect(hook.requests().map((r) => r.status)).toEqual([500, 200]);
  });

  it("does not send a repeat of Alertmanager's again, on this replica or another", async () => {
    const prefix = `d${++prefixes}:`;
    const [a, b] = [await replica(prefix), await replica(prefix)];
    await a.queue.enqueue([firing]);
    await a.queue.enqueue([firing]);
    await b.queue.enqueue([firing]);
    expect(hook.requests()).toHaveLength(1);
    // A resolution is another delivery.
    await b.queue.enqueue([{ ...firing, status: 'resolved', endsAt: '2026-12-07T03:10:00Z' }]);
    expect(hook.requests()).toHaveLength(2);
    expect(new Set(deliveryIds()).size).toBe(2);
  });

  it('gives a delivery up after give_up_after, counted as expired, and keeps nothing of it', async () => {
    // 2 s to give up in: the first failure must come back with room for a retry (backoff 50 ms)
    // even on a machine that stalls; retried until given up, for up to 20 s.
    const a = await replica(`d${++prefixes}:`, { giveUpAfterMs: 2_000 });
    hook.failNext(1_000);
    await a.queue.enqueue([firing]);
    const deadline = Date.now() + 20_000;
    while ((await a.queue.pending()) > 0 && Date.now() < deadline) {
      await pause(100);
      await a.queue.retryDue();
    }
    expect(await a.queue.pending()).toBe(0);
    const metrics = await a.registry.metrics();
    expect(sample(metrics, 'pulse_alert_deliveries_total', { channel: 'webhook', outcome: 'expired' })).toBe(1);
    expect(hook.requests().length).toBeGreaterThanOrEqual(2);
  });
});

const kinds: Array<[string, () => Store]> = [
  ['memory', () => createMemoryStore()],
  ['redis', () => createRedisStore({ url: redis.url, keyPrefix: `dq${++prefixes}:` })],
];

const CLAIM_MS = 3_000;

describe.each(kinds)('the %s store of deliveries', (_kind, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
    opened.push({ store, queue: { stop: () => undefined } as DeliveryQueue });
  });

  it('claims an id once until its time runs out', async () => {
    // A claim of 3 s: asked again at once, even a stalled machine asks within it.
    expect(await store.claimDelivery('x', CLAIM_MS)).toBe(true);
    expect(await store.claimDelivery('x', CLAIM_MS)).toBe(false);
    await pause(CLAIM_MS + 100);
    expect(await store.claimDelivery('x', CLAIM_MS)).toBe(true);
  });

  it('keeps at most the bound of waiting deliveries, and still reschedules one it keeps', async () => {
    expect(await store.scheduleDelivery({ id: 'a', body: '{"n":1}' }, 1_000, 2)).toBe(true);
    expect(await store.scheduleDelivery({ id: 'b', body: '{"n":2}' }, 2_000, 2)).toBe(true);
    expect(await store.scheduleDelivery({ id: 'c', body: '{"n":3}' }, 500, 2)).toBe(false);
    expect(await store.scheduleDelivery({ id: 'a', body: '{"n":4}' }, 3_000, 2)).toBe(true);
    expect(await store.pendingDeliveries()).toBe(2);
    expect(await store.takeDueDeliveries(2_500, 10_000, 10)).toEqual([{ id: 'b', body: '{"n":2}' }]);
    expect(await store.takeDueDeliveries(3_000, 10_000, 10)).toEqual([{ id: 'a', body: '{"n":4}' }]);
    expect(await store.takeDueDeliveries(3_000, 10_000, 10)).toEqual([]); // both leased
    expect(await store.takeDueDeliveries(12_500, 10_000, 1)).toEqual([{ id: 'b', body: '{"n":2}' }]); // oldest due first, at most the limit
    await store.finishDelivery('a');
    await store.finishDelivery('b');
    expect(await store.pendingDeliveries()).toBe(0);
  });
});
