import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import type { ProjectAlert } from '../project-alerts/types';
import { createMemoryStore } from './memory-store';
import { createRedisStore } from './redis-store';
import type { Store } from './types';

let redis: RedisServerHandle;
let prefixes = 0;
const stores: Store[] = [];

beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await redis.dispose();
});

function alert(id: string, overrides: Partial<ProjectAlert> = {}): ProjectAlert {
  return {
    id,
    project_id: 'acme',
    metric_name: 'participant_minutes',
    alert_name: `alert ${id}`,
    condition: 'gt',
    threshold: 10,
    duration: 5,
    severity: 'high',
    notification_channels: ['webhook'],
    is_active: true,
    created_at: '2026-12-07T00:00:00.000Z',
    updated_at: '2026-12-07T00:00:00.000Z',
    ...overrides,
  };
}

const kinds: Array<[string, () => Store]> = [
  ['memory', () => createMemoryStore()],
  ['redis', () => createRedisStore({ url: redis.url, keyPrefix: `alerts${++prefixes}:` })],
];

describe.each(kinds)('the %s store of project alerts', (_kind, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
    stores.push(store);
  });

  it('keeps alerts per project, oldest first, and lists the projects holding any', async () => {
    await store.createProjectAlert(alert('b', { created_at: '2026-12-07T00:00:02.000Z' }), 100);
    await store.createProjectAlert(alert('a', { created_at: '2026-12-07T00:00:01.000Z' }), 100);
    await store.createProjectAlert(alert('c', { project_id: 'globex' }), 100);
    expect((await store.listProjectAlerts('acme')).map((a) => a.id)).toEqual(['a', 'b']);
    expect(await store.alertProjects()).toEqual(['acme', 'globex']);
    expect(await store.listProjectAlerts('initech')).toEqual([]);
  });

  it('refuses the alert past the per-project limit and writes nothing of it', async () => {
    expect(await store.createProjectAlert(alert('a'), 2)).toBe(true);
    expect(await store.createProjectAlert(alert('b'), 2)).toBe(true);
    expect(await store.createProjectAlert(alert('c'), 2)).toBe(false);
    expect((await store.listProjectAlerts('acme')).map((a) => a.id)).toEqual(['a', 'b']);
    expect(await store.createProjectAlert(alert('d', { project_id: 'globex' }), 2)).toBe(true);
  });

  it('holds the limit when creates race', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.createProjectAlert(alert(`r${i}`), 5)));
    expect(results.filter(Boolean)).toHaveLength(5);
    expect(await store.listProjectAlerts('acme')).toHaveLength(5);
  });

  it('replaces an existing alert only, keeping its trigger statistics', async () => {
    await store.createProjectAlert(alert('a'), 100);
    await store.recordAlertTrigger('acme', 'a', Date.parse('2026-12-07T01:00:00Z'));
    expect(await store.replaceProjectAlert(alert('a', { threshold: 99 }))).toBe(true);
    expect(await store.replaceProjectAlert(alert('zz'))).toBe(false);
    expect(await store.listProjectAlerts('acme')).toEqual([{ ...alert('a', { threshold: 99 }), last_triggered: '2026-12-07T01:00:00.000Z', trigger_count: 1 }]);
  });

  it('counts a firing once per start time, and never for an unknown alert', async () => {
    await store.createProjectAlert(alert('a'), 100);
    const first = Date.parse('2026-12-07T01:00:00Z');
    await store.recordAlertTrigger('acme', 'a', first);
    await store.recordAlertTrigger('acme', 'a', first); // Alertmanager repeats the same firing
    await store.recordAlertTrigger('acme', 'a', first - 60_000); // a late, older one
    await store.recordAlertTrigger('acme', 'a', first + 600_000);
    await store.recordAlertTrigger('acme', 'nope', first);
    expect(await store.listProjectAlerts('acme')).toMatchObject([{ id: 'a', trigger_count: 2, last_triggered: '2026-12-07T01:10:00.000Z' }]);
  });

  it('deletes an alert and its statistics, and forgets a project left without alerts', async () => {
    await store.createProjectAlert(alert('a'), 100);
    await store.recordAlertTrigger('acme', 'a', 1_000);
    expect(await store.deleteProjectAlert('acme', 'a')).toBe(true);
    expect(await store.deleteProjectAlert('acme', 'a')).toBe(false);
    expect(await store.alertProjects()).toEqual([]);
    await store.createProjectAlert(alert('a'), 100);
    expect(await store.listProjectAlerts('acme')).toMatchObject([{ trigger_count: 0, last_triggered: null }]);
  });
});
