import { storeKinds } from '../testing/store-kinds';
import type { CustomMetric } from '../custom-metrics/types';
import type { Store } from './types';

const kinds = storeKinds('custom');

function metric(id: string, overrides: Partial<CustomMetric> = {}): CustomMetric {
  return {
    id,
    project_id: 'acme',
    name: `metric_${id}`,
    description: '',
    metric_type: 'counter',
    aggregation: 'sum',
    query: { metric: 'participant_minutes', match: {}, by: [] },
    is_active: true,
    created_at: '2026-12-07T00:00:00.000Z',
    updated_at: '2026-12-07T00:00:00.000Z',
    ...overrides,
  };
}

describe.each(kinds)('the %s store of custom metrics', (_kind, open) => {
  let store: Store;
  beforeEach(() => {
    store = open();
  });

  it('keeps definitions per project, oldest first, and lists the projects holding any', async () => {
    expect(await store.createCustomMetric(metric('b', { created_at: '2026-12-07T00:00:02.000Z' }), 50)).toBe('ok');
    expect(await store.createCustomMetric(metric('a', { created_at: '2026-12-07T00:00:01.000Z' }), 50)).toBe('ok');
    expect(await store.createCustomMetric(metric('c', { project_id: 'globex' }), 50)).toBe('ok');
    expect((await store.listCustomMetrics('acme')).map((m) => m.id)).toEqual(['a', 'b']);
    expect(await store.customMetricProjects()).toEqual(['acme', 'globex']);
  });

  it('holds the limit per project exactly, under concurrent creates, writing nothing past it', async () => {
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, i) => store.createCustomMetric(metric(`m${i}`), 5)));
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(5);
    expect(outcomes.filter((o) => o === 'limit')).toHaveLength(3);
    expect(await store.listCustomMetrics('acme')).toHaveLength(5);
  });

  it('keeps names unique in a project (not across projects), on create and replace', async () => {
    await store.createCustomMetric(metric('a', { name: 'eu' }), 50);
    await store.createCustomMetric(metric('b', { name: 'us' }), 50);
    expect(await store.createCustomMetric(metric('c', { name: 'eu' }), 50)).toBe('name_taken');
    expect(await store.createCustomMetric(metric('d', { name: 'eu', project_id: 'globex' }), 50)).toBe('ok');
    expect(await store.replaceCustomMetric(metric('b', { name: 'eu' }))).toBe('name_taken');
    expect(await store.replaceCustomMetric(metric('a', { name: 'eu', is_active: false }))).toBe('ok');
    expect((await store.listCustomMetrics('acme')).map((m) => [m.name, m.is_active])).toEqual([
      ['eu', false],
      ['us', true],
    ]);
  });

  it('replaces and deletes only what exists; the last deleted leaves the projects', async () => {
    expect(await store.replaceCustomMetric(metric('x'))).toBe('missing');
    await store.createCustomMetric(metric('a'), 50);
    expect(await store.deleteCustomMetric('acme', 'x')).toBe(false);
    expect(await store.deleteCustomMetric('acme', 'a')).toBe(true);
    expect(await store.customMetricProjects()).toEqual([]);
    expect(await store.listCustomMetrics('acme')).toEqual([]);
  });
});
