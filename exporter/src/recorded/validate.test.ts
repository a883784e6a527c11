import { BAD_BODIES } from './testing-bad-bodies';
import { quickStored, validateRecorded, zodStored } from './validate';

const good = { name: 'revenue', type: 'counter', category: 'business', value: 1, labels: { currency: 'USD' } };

/** Every metric of a body as it reaches the per-metric check. */
function metricsOf(body: unknown): unknown[] {
  if (typeof body !== 'object' || body === null) return [body];
  if ('metrics' in body) return Array.isArray(body.metrics) ? body.metrics : [];
  const { project_id: _project, ...rest } = body as Record<string, unknown>;
  return [rest];
}

/** Variations of a good metric, valid and not, each field in turn (and a few together). */
const VARIANTS: readonly unknown[] = [
  good,
  { ...good, id: 'a.b_c:d-1' },
  { ...good, id: 'x'.repeat(128) },
  { ...good, id: 'x'.repeat(129) },
  { ...good, labels: undefined },
  { ...good, labels: {} },
  { ...good, labels: { zone: 'b', app: 'a', mid: 'c' } },
  { ...good, labels: { currency: 'é€😀' } },
  { ...good, labels: { currency: 'a\u007f' } },
  { ...good, labels: { currency: 'x'.repeat(256) } },
  { ...good, labels: { ['l'.repeat(64)]: 'x' } },
  { ...good, labels: { _private: 'x' } },
  { ...good, labels: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`l${i}`, 'x'])) },
  { ...good, labels: { quantile: '0.5' } },
  { ...good, type: 'summary', value: -3 },
  { ...good, type: 'gauge', value: -1e15 },
  { ...good, type: 'gauge', value: -1e15 - 2 },
  { ...good, value: 1e15 },
  { ...good, value: -0 },
  { ...good, value: Number.NaN },
  { ...good, value: Infinity },
  { ...good, name: 'a' },
  { ...good, name: 'a'.repeat(100) },
  { ...good, name: 'checkout_seconds' },
  { ...good, name: 'custom_revenue' },
  { ...good, category: 'security', type: 'histogram' },
  { ...good, name: 'x_info' },
  { ...good, name: 'x_created' },
  [good],
  null,
  'revenue',
];

describe('the quick check of a recorded metric', () => {
  it('agrees with zod on every variant: the same metric stored, or refused by both', () => {
    for (const raw of VARIANTS) {
      const quick = quickStored(raw);
      if (quick !== undefined) expect({ raw, stored: quick }).toEqual({ raw, stored: zodStored(raw) });
    }
    expect(VARIANTS.filter((raw) => quickStored(raw) !== undefined).length).toBeGreaterThan(10);
  });

  it('passes no metric of the bad bodies, so zod names their problems', () => {
    for (const { name, body } of BAD_BODIES) {
      for (const raw of metricsOf(body)) {
        if (zodStored(raw) === undefined) expect({ name, quick: quickStored(raw) }).toEqual({ name, quick: undefined });
      }
      // A missing project_id is the guard's to refuse, before the body is validated.
      if (name !== 'project_id missing') expect({ name, ok: validateRecorded(body).ok }).toEqual({ name, ok: false });
    }
  });

  it('checks a name again after it was refused, and a name it knows still needs the rest right', () => {
    expect(quickStored({ ...good, name: 'latency_ms' })).toBeUndefined();
    expect(quickStored(good)).toBeDefined();
    expect(quickStored({ ...good, value: -1 })).toBeUndefined();
    expect(validateRecorded({ project_id: 'acme', metrics: [good, { ...good, value: -1 }] })).toMatchObject({ ok: false, problems: [{ field: 'metrics[1].value' }] });
  });

  it('sorts labels by name and counts summaries, as before', () => {
    expect(validateRecorded({ project_id: 'acme', metrics: [{ ...good, labels: { zone: 'b', app: 'a' } }, { ...good, name: 'wait_seconds', type: 'summary', value: 2 }] })).toEqual({
      ok: true,
      summaries: 1,
      metrics: [
        { name: 'revenue', type: 'counter', category: 'business', value: 1, labels: [['app', 'a'], ['zone', 'b']] },
        { name: 'wait_seconds', type: 'histogram', category: 'business', value: 2, labels: [['currency', 'USD']] },
      ],
    });
  });
});
