import { Registry } from 'prom-client';
import { silentLogger } from '../../../common/log';
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import { createMemoryStore } from '../store/memory-store';
import type { Store } from '../store/types';
import { createDeliveryQueue, type DeliveryQueue } from './delivery-queue';
import { escalate } from './escalation';
import { createSenders } from './senders';
import { testAlertSettings } from './testing/alert-settings';
import { startWebhookReceiver, type WebhookReceiver } from './testing/webhook-receiver';

const FIRED_AT = Date.parse('2026-12-07T01:00:00Z');
const MINUTE = 60_000;
let slack: WebhookReceiver;
let hook: WebhookReceiver;
let store: Store;
let deliveries: DeliveryQueue;

const settings = testAlertSettings();

function trigger(id: string, overrides: Partial<ProjectTrigger> = {}): ProjectTrigger {
  return {
    id,
    project_id: 'acme',
    alert_id: 'a1',
    alert_name: 'Minutes surge',
    severity: 'critical',
    status: 'triggered',
    value: 130,
    threshold: 100,
    triggered_at: new Date(FIRED_AT).toISOString(),
    acknowledged_at: null,
    acknowledged_by: null,
    comment: null,
    resolved_at: null,
    resolved_by: null,
    silence_id: null,
    ...overrides,
  };
}

const run = (minutes: number) => escalate({ store, deliveries, runbookUrl: settings.runbookUrl, nowMs: FIRED_AT + minutes * MINUTE });

beforeEach(async () => {
  [slack, hook] = await Promise.all([startWebhookReceiver('/slack'), startWebhookReceiver('/hook')]);
  store = createMemoryStore();
  deliveries = createDeliveryQueue({ store, settings, senders: createSenders(settings), registry: new Registry(), log: silentLogger() });
  await store.putProjectChannels('acme', { webhook: { url: hook.url, secret: 's' }, slack: { url: slack.url }, escalation: { delay_minutes: 15, channels: ['slack', 'webhook'] } });
});

afterEach(async () => {
  deliveries.stop();
  await Promise.all([slack.close(), hook.close()]);
});

describe('escalating unacknowledged triggers', () => {
  it('sends a critical trigger to the next channel of the list once per delay', async () => {
    await store.openTrigger(trigger('t1'));
    expect(await run(14)).toBe(0);
    expect(await run(15)).toBe(1);
    expect(slack.requests()).toHaveLength(1);
    expect(JSON.parse(slack.requests()[0].body).text).toContain('Escalated: not acknowledged within 15 minutes');
    expect(await run(29)).toBe(0);
    expect(await run(30)).toBe(1);
    expect(hook.requests()).toHaveLength(1);
    expect(await run(120)).toBe(0); // the list is exhausted
    expect((await store.trigger('t1'))?.escalations).toBe(2);
  });

  it('leaves acknowledged, resolved and lower-severity triggers alone', async () => {
    await store.openTrigger(trigger('ack'));
    await store.putTrigger(trigger('ack', { status: 'acknowledged' }));
    await store.openTrigger(trigger('done'));
    await store.putTrigger(trigger('done', { status: 'resolved' }));
    await store.openTrigger(trigger('medium', { severity: 'medium' }));
    expect(await run(60)).toBe(0);
    expect(slack.requests()).toEqual([]);
  });

  it('does nothing for a project without an escalation list', async () => {
    await store.putProjectChannels('acme', { slack: { url: slack.url } });
    await store.openTrigger(trigger('t1', { severity: 'high' }));
    expect(await run(60)).toBe(0);
  });
});
