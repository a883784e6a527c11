import { storeKinds } from '../testing/store-kinds';
import type { ProjectAlert } from '../project-alerts/types';
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import { MAX_TRIGGERS_PER_PROJECT, type Store } from './types';

const kinds = storeKinds('alerts');

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

describe.each(kinds)('the %s store of project alerts', (_kind, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
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

function trigger(id: string, overrides: Partial<ProjectTrigger> = {}): ProjectTrigger {
  return {
    id,
    project_id: 'acme',
    alert_id: 'a',
    alert_name: 'alert a',
    severity: 'high',
    status: 'triggered',
    value: 12,
    threshold: 10,
    triggered_at: '2026-12-07T01:00:00.000Z',
    acknowledged_at: null,
    acknowledged_by: null,
    comment: null,
    resolved_at: null,
    resolved_by: null,
    silence_id: null,
    ...overrides,
  };
}

describe.each(kinds)('the %s store of triggers', (_kind, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
  });

  it('opens a trigger once, lists newest first, and updates only existing ones', async () => {
    expect(await store.openTrigger(trigger('t1'))).toBe(true);
    expect(await store.openTrigger(trigger('t1', { value: 99 }))).toBe(false);
    await store.openTrigger(trigger('t2'));
    await store.openTrigger(trigger('t3', { project_id: 'globex' }));
    expect((await store.projectTriggers('acme', 10)).map((t) => t.id)).toEqual(['t2', 't1']);
    expect((await store.projectTriggers('acme', 1)).map((t) => t.id)).toEqual(['t2']);
    await store.putTrigger(trigger('nope'));
    expect(await store.trigger('nope')).toBeUndefined();
    expect(await store.trigger('t1')).toEqual(trigger('t1'));
  });

  it('tracks the open and acknowledged triggers until they are resolved', async () => {
    await store.openTrigger(trigger('t1'));
    expect((await store.openTriggers()).map((t) => t.id)).toEqual(['t1']);
    await store.putTrigger(trigger('t1', { status: 'acknowledged', silence_id: 's' }));
    expect((await store.acknowledgedTriggers()).map((t) => t.id)).toEqual(['t1']);
    expect(await store.openTriggers()).toEqual([]);
    await store.putTrigger(trigger('t1', { status: 'resolved', resolved_by: 'condition' }));
    expect(await store.acknowledgedTriggers()).toEqual([]);
  });

  it(`keeps the newest ${MAX_TRIGGERS_PER_PROJECT} triggers of a project`, async () => {
    for (let i = 0; i <= MAX_TRIGGERS_PER_PROJECT; i++) await store.openTrigger(trigger(`t${i}`));
    const kept = await store.projectTriggers('acme', MAX_TRIGGERS_PER_PROJECT + 1);
    expect(kept).toHaveLength(MAX_TRIGGERS_PER_PROJECT);
    expect(kept[kept.length - 1].id).toBe('t1');
    expect(await store.trigger('t0')).toBeUndefined();
  });
});
