/**
 * What every store does with recorded metrics (recorded/model.ts), run against the memory and the
 * Redis store by recorded-store.test.ts. Values are read the way /metrics reads them: through the
 * change feed into the exposition.
 */
import { createUsageExposition } from '../metrics/usage-exposition';
import type { RecordedLimits, RecordedMetric } from '../recorded/model';
import { openConnected, readFeed, usageEvent, type OpenStore, type StoreUnderTest } from './store-contract';
import type { Store, UsageCursor } from './types';

const LIMITS: RecordedLimits = { maxNames: 50, maxSeries: 1000 };
const WINDOW_MS = 60_000;

export const recorded = (overrides: Partial<RecordedMetric> = {}): RecordedMetric => ({ name: 'revenue', type: 'counter', category: 'business', value: 1, labels: [['currency', 'USD']], ...overrides });

/** The recorded lines of /metrics as a replica renders them from this store. */
export async function recordedText(store: Store): Promise<string> {
  const exposition = createUsageExposition();
  await store.usageChanges(undefined, exposition);
  return Buffer.concat(exposition.chunks()).toString().split('\n').filter((line) => line.includes('pulse_custom_')).join('\n');
}

/** The lines acme's `latency` histogram must show: each cumulative bucket given (by its `le`), its sum and its count. */
function latencyLines(buckets: Readonly<Record<string, number>>, sum: number, count: number): string[] {
  const series = 'pulse_custom_latency_observations';
  const labels = 'project="acme",category="performance"';
  return [...Object.entries(buckets).map(([le, n]) => `${series}_bucket{${labels},le="${le}"} ${n}`), `${series}_sum{${labels}} ${sum}`, `${series}_count{${labels}} ${count}`];
}

export function describeRecordedContract(open: OpenStore): void {
  let subject: StoreUnderTest;
  let store: Store;
  beforeEach(async () => {
    subject = await openConnected(open);
    store = subject.store;
  });
  afterEach(async () => {
    await store.close();
  });

  it('adds counters, sets gauges and observes histograms into the documented buckets', async () => {
    await store.recordMetrics('acme', [recorded({ value: 2.5 }), recorded({ value: 4 }), recorded({ name: 'cpu', type: 'gauge', category: 'system', value: 75.5, labels: [] }), recorded({ name: 'cpu', type: 'gauge', category: 'system', value: 12, labels: [] })], LIMITS, WINDOW_MS);
    await store.recordMetrics('acme', [recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.3, labels: [] }), recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 20000, labels: [] })], LIMITS, WINDOW_MS);
    const text = await recordedText(store);
    expect(text).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 6.5');
    expect(text).toContain('pulse_custom_cpu{project="acme",category="system"} 12');
    for (const line of latencyLines({ '0.25': 0, '0.5': 1, '10000': 1, '+Inf': 2 }, 20000.3, 2)) expect(text).toContain(line);
  });

  it('adds in doubles, as JavaScript does, whichever store holds the total', async () => {
    await store.recordMetrics('acme', [recorded({ value: 0.1 })], LIMITS, WINDOW_MS);
    await store.recordMetrics('acme', [recorded({ value: 0.2 })], LIMITS, WINDOW_MS);
    await store.recordMetrics('acme', [recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.1, labels: [] }), recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.2, labels: [] })], LIMITS, WINDOW_MS);
    const text = await recordedText(store);
    expect(text).toContain(`pulse_custom_revenue_total{project="acme",category="business",currency="USD"} ${0.1 + 0.2}`);
    expect(text).toContain(`pulse_custom_latency_observations_sum{project="acme",category="performance"} ${0.1 + 0.2}`);
  });

  it('writes a batch of 1,000 new series whole, and adds the next batch to every one of them', async () => {
    // 400 histograms write 800 whole-number fields: more than one slice of the store's writes.
    const batch = (round: number) => [
      ...Array.from({ length: 400 }, (_, n) => recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.3, labels: [['server', `h${n}`]] })),
      ...Array.from({ length: 300 }, (_, n) => recorded({ name: 'depth', type: 'gauge', category: 'system', value: round * 10 + (n % 3), labels: [['server', `g${n}`]] })),
      ...Array.from({ length: 300 }, (_, n) => recorded({ value: 1.5, labels: [['currency', `c${n}`]] })),
    ];
    expect(await store.recordMetrics('acme', batch(1), LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 1000, duplicates: [] });
    expect(await store.recordMetrics('acme', batch(2), LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 1000, duplicates: [] });
    const lines = (await recordedText(store)).split('\n');
    const counts = lines.filter((line) => line.startsWith('pulse_custom_latency_observations_count{'));
    expect(counts).toHaveLength(400);
    expect(counts.every((line) => line.endsWith(' 2'))).toBe(true);
    expect(lines).toContain('pulse_custom_latency_observations_bucket{project="acme",category="performance",server="h399",le="0.5"} 2');
    expect(lines).toContain('pulse_custom_depth{project="acme",category="system",server="g299"} 22');
    expect(lines).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="c299"} 3');
  });

  it("tells the stored type of the project's own names only", async () => {
    await store.recordMetrics('acme', [recorded(), recorded({ name: 'cpu', type: 'gauge', labels: [] }), recorded({ name: 'latency', type: 'histogram', labels: [] })], LIMITS, WINDOW_MS);
    await store.recordMetrics('globex', [recorded({ name: 'orders' })], LIMITS, WINDOW_MS);
    const types = await store.recordedTypes('acme', ['revenue', 'cpu', 'latency', 'orders', 'never']);
    expect(Object.fromEntries(types)).toEqual({ revenue: 'counter', cpu: 'gauge', latency: 'histogram' });
    expect(await store.recordedTypes('acme', [])).toEqual(new Map());
  });

  it('keeps recorded values out of the usage totals that share their hash', async () => {
    await store.recordUsage([usageEvent('u1')], WINDOW_MS);
    await store.recordMetrics('acme', [recorded()], LIMITS, WINDOW_MS);
    expect(await store.usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 1 }]);
  });

  it('hands a reader with a cursor only the values changed since', async () => {
    await store.recordMetrics('acme', [recorded(), recorded({ name: 'cpu', type: 'gauge', labels: [] })], LIMITS, WINDOW_MS);
    const first = await readFeed(store, undefined);
    await store.recordMetrics('acme', [recorded({ value: 2 })], LIMITS, WINDOW_MS);
    const second = await readFeed(store, first.cursor as UsageCursor);
    expect(second.full).toBe(false);
    expect(Object.values(second.totals)).toEqual([3]);
  });

  it('brings a reader following the feed to the exposition of a full read, histograms included', async () => {
    const latency = (value: number, server: string) => recorded({ name: 'latency', type: 'histogram', category: 'performance', value, labels: [['server', server]] });
    await store.recordMetrics('acme', [latency(0.3, 'a'), recorded()], LIMITS, WINDOW_MS);
    const follower = createUsageExposition();
    const cursor = await store.usageChanges(undefined, follower);
    // New buckets of a known series, a new series, a counter and a gauge, over two batches.
    await store.recordMetrics('acme', [latency(0.001, 'a'), latency(7, 'a'), latency(20000, 'b'), recorded({ value: 2 })], LIMITS, WINDOW_MS);
    await store.recordMetrics('acme', [latency(0.3, 'a'), recorded({ name: 'cpu', type: 'gauge', category: 'system', value: 4, labels: [] })], LIMITS, WINDOW_MS);
    await store.usageChanges(cursor, follower);
    const followed = Buffer.concat(follower.chunks()).toString().split('\n').filter((line) => line.includes('pulse_custom_')).join('\n');
    expect(followed).toBe(await recordedText(store));
    expect(followed).toContain('pulse_custom_latency_observations_bucket{project="acme",category="performance",server="a",le="0.005"} 1');
    expect(followed).toContain('pulse_custom_latency_observations_bucket{project="acme",category="performance",server="a",le="0.5"} 3');
    expect(followed).toContain('pulse_custom_latency_observations_count{project="acme",category="performance",server="a"} 4');
    expect(followed).toContain('pulse_custom_latency_observations_count{project="acme",category="performance",server="b"} 1');
  });

  it('adds up a counter recorded 1,000 times concurrently exactly', async () => {
    await Promise.all(Array.from({ length: 1000 }, () => store.recordMetrics('acme', [recorded()], LIMITS, WINDOW_MS)));
    expect(await recordedText(store)).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 1000');
  });

  it('applies a value with an id once within the window', async () => {
    expect(await store.recordMetrics('acme', [recorded({ id: 'a' }), recorded({ id: 'a' })], LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: ['a'] });
    expect(await store.recordMetrics('acme', [recorded({ id: 'a' })], LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 0, duplicates: ['a'] });
    expect(await store.recordMetrics('other', [recorded({ id: 'a' })], LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: [] });
    expect(await recordedText(store)).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 1');
  });

  it('applies only the values that are not duplicates, of every type, beside values of the same series', async () => {
    const latency = (id: string, value: number) => recorded({ id, name: 'latency', type: 'histogram', category: 'performance', value, labels: [] });
    const cpu = (id: string, value: number) => recorded({ id, name: 'cpu', type: 'gauge', category: 'system', value, labels: [] });
    expect(await store.recordMetrics('acme', [recorded({ id: 'a', value: 2 }), latency('b', 0.3), cpu('c', 5)], LIMITS, WINDOW_MS)).toMatchObject({ ok: true, accepted: 3 });
    // Duplicates earlier and within the batch, among new values of the same series; the gauge's last value is a duplicate.
    const batch = [recorded({ id: 'a', value: 100 }), recorded({ id: 'd', value: 3 }), latency('b', 20_000), latency('e', 0.02), cpu('f', 7), recorded({ id: 'g', value: 1 }), recorded({ id: 'g', value: 1000 }), cpu('c', 99)];
    expect(await store.recordMetrics('acme', batch, LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 4, duplicates: ['a', 'b', 'g', 'c'] });
    const text = await recordedText(store);
    expect(text).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 6');
    expect(text).toContain('pulse_custom_cpu{project="acme",category="system"} 7');
    for (const line of latencyLines({ '0.025': 1, '0.5': 2, '10000': 2, '+Inf': 2 }, 0.3 + 0.02, 2)) expect(text).toContain(line);
  });

  it('keeps no id of a refused batch, and keeps recorded ids apart from usage event ids', async () => {
    await store.recordMetrics('acme', [recorded()], LIMITS, WINDOW_MS);
    expect(await store.recordMetrics('acme', [recorded({ id: 'r1', name: 'fresh' }), recorded({ id: 'r2', type: 'gauge' })], LIMITS, WINDOW_MS)).toMatchObject({ ok: false, refusal: 'definition', index: 1 });
    expect(await store.recordMetrics('acme', [recorded({ id: 'r1' }), recorded({ id: 'r2' })], LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 2, duplicates: [] });
    expect(await store.recordUsage([usageEvent('r1')], WINDOW_MS)).toEqual({ accepted: ['r1'], duplicates: [] });
    expect(await store.recordMetrics('acme', [recorded({ id: 'u1' })], LIMITS, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: [] });
    expect(await recordedText(store)).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 4');
  });

  it('gives a name refused with one set of label names the next set it is recorded with', async () => {
    await store.recordMetrics('acme', [recorded()], LIMITS, WINDOW_MS);
    expect((await store.recordMetrics('acme', [recorded({ name: 'fresh', labels: [['server', 's1']] }), recorded({ type: 'gauge' })], LIMITS, WINDOW_MS)).ok).toBe(false);
    expect((await store.recordMetrics('acme', [recorded({ name: 'fresh', labels: [['host', 's1']] })], LIMITS, WINDOW_MS)).ok).toBe(true);
    const text = await recordedText(store);
    expect(text).toContain('pulse_custom_fresh_total{project="acme",category="business",host="s1"} 1');
    expect(text).not.toContain('server=');
  });

  it('draws its rate limits first, in order, and records nothing when one refuses', async () => {
    const start = 6_000_000;
    const within = (nowMs: number) => ({ limits: [{ key: 'api:acme', limit: 5 }, { key: 'api:tight', limit: 1 }], windowMs: 60_000, nowMs });
    expect(await store.recordMetricsWithinLimits('acme', [recorded({ id: 'a' })], LIMITS, WINDOW_MS, within(start + 100))).toEqual({ recorded: { ok: true, accepted: 1, duplicates: [] } });
    expect(await store.recordMetricsWithinLimits('acme', [recorded({ id: 'b' })], LIMITS, WINDOW_MS, within(start + 200))).toEqual({ refused: { index: 1, decision: { allowed: false, remaining: 0, resetMs: 59_800 } } });
    // The first limit was drawn by the refused batch too; the id it carried was not kept.
    expect(await store.consumeRateLimit('api:acme', 5, 60_000, start + 300)).toEqual({ allowed: true, remaining: 2, resetMs: 59_700 });
    expect(await store.recordMetricsWithinLimits('acme', [recorded({ id: 'b' })], LIMITS, WINDOW_MS, within(start + 60_000))).toEqual({ recorded: { ok: true, accepted: 1, duplicates: [] } });
    expect(await store.recordMetricsWithinLimits('acme', [recorded({ id: 'c' })], LIMITS, WINDOW_MS, { limits: [], windowMs: 60_000, nowMs: start })).toEqual({ recorded: { ok: true, accepted: 1, duplicates: [] } });
    expect(await recordedText(store)).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 3');
  });

  it('refuses a name whose type, category or label names changed, keeping nothing of the batch', async () => {
    await store.recordMetrics('acme', [recorded()], LIMITS, WINDOW_MS);
    for (const changed of [recorded({ type: 'gauge' }), recorded({ category: 'user' }), recorded({ labels: [['region', 'eu']] })]) {
      expect(await store.recordMetrics('acme', [recorded({ name: 'fresh' }), changed], LIMITS, WINDOW_MS)).toEqual({ ok: false, refusal: 'definition', index: 1, stored: 'counter/business/currency' });
    }
    // Another project's name is its own.
    expect((await store.recordMetrics('other', [recorded({ type: 'gauge' })], LIMITS, WINDOW_MS)).ok).toBe(true);
    expect(await recordedText(store)).not.toContain('fresh');
  });

  it('takes names up to the limit and refuses the batch that passes it, whole', async () => {
    const names = Array.from({ length: 50 }, (_, i) => recorded({ name: `m${i}` }));
    expect(await store.recordMetrics('acme', names, LIMITS, WINDOW_MS)).toMatchObject({ ok: true, accepted: 50 });
    expect(await store.recordMetrics('acme', [recorded({ name: 'm0', value: 5 }), recorded({ name: 'm50' })], LIMITS, WINDOW_MS)).toEqual({ ok: false, refusal: 'names', limit: 50, current: 50, adding: 1 });
    expect(await recordedText(store)).toContain('pulse_custom_m0_total{project="acme",category="business",currency="USD"} 1');
  });

  it("counts only what a batch's values that are not duplicates add, at the limit too", async () => {
    const limits = { maxNames: 50, maxSeries: 3 };
    const at = (id: string, currency: string) => recorded({ id, labels: [['currency', currency]] });
    expect(await store.recordMetrics('acme', [at('a', 'c1'), at('b', 'c2')], limits, WINDOW_MS)).toEqual({ ok: true, accepted: 2, duplicates: [] });
    // Counting every value this batch would add two series; without the duplicate, one: it fits.
    expect(await store.recordMetrics('acme', [at('a', 'c9'), at('c', 'c3')], limits, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: ['a'] });
    expect(await store.recordMetrics('acme', [at('c', 'c3'), at('d', 'c1')], limits, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: ['c'] });
    expect(await store.recordMetrics('acme', [at('e', 'c4')], limits, WINDOW_MS)).toEqual({ ok: false, refusal: 'series', limit: 3, current: 3, adding: 1 });
    // The exact check again (a new series named by a duplicate only): the value adds to the total it read.
    expect(await store.recordMetrics('acme', [at('a', 'c8'), at('f', 'c1')], limits, WINDOW_MS)).toEqual({ ok: true, accepted: 1, duplicates: ['a'] });
    const text = await recordedText(store);
    expect(text).not.toContain('c9');
    expect(text).not.toContain('c8');
    expect(text).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="c1"} 3');
  });

  it('holds the series limit under concurrent batches: no overshoot', async () => {
    const limits = { maxNames: 50, maxSeries: 100 };
    const batch = (b: number) => Array.from({ length: 7 }, (_, i) => recorded({ labels: [['currency', `c${b}-${i}`]] }));
    const outcomes = await Promise.all(Array.from({ length: 30 }, (_, b) => store.recordMetrics('acme', batch(b), limits, WINDOW_MS)));
    const taken = outcomes.filter((o) => o.ok).length;
    expect(taken).toBe(14); // 14 × 7 = 98; a 15th would make 105
    expect(outcomes.filter((o) => !o.ok && o.refusal === 'series')).toHaveLength(16);
    expect((await recordedText(store)).split('\n').filter((line) => line.startsWith('pulse_custom_revenue_total{'))).toHaveLength(98);
    // An existing series still takes values at the bound; two new ones do not fit.
    expect((await store.recordMetrics('acme', [recorded({ labels: [['currency', 'c0-0']] })], limits, WINDOW_MS)).ok).toBe(true);
    expect(await store.recordMetrics('acme', batch(99).slice(0, 3), limits, WINDOW_MS)).toEqual({ ok: false, refusal: 'series', limit: 100, current: 98, adding: 3 });
  });
}
