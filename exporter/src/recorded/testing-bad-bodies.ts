/**
 * Bad recorded-metrics bodies for tests, each with the status and the field (or error fragment) the
 * answer must name. Not a test itself.
 */
export interface BadBody {
  readonly name: string;
  readonly body: unknown;
  readonly status: number;
  readonly names: string;
}

const good = { name: 'revenue', type: 'counter', category: 'business', value: 1, labels: { currency: 'USD' } };

/** A single-metric body with one field replaced (undefined removes it). */
function one(field: string, value: unknown): Record<string, unknown> {
  const body: Record<string, unknown> = { project_id: 'acme', ...good, [field]: value };
  if (value === undefined) delete body[field];
  return body;
}

export const BAD_BODIES: readonly BadBody[] = [
  ...(
    [
      ['name missing', 'name', undefined],
      ['name empty', 'name', ''],
      ['name a number', 'name', 7],
      ['name with a dash', 'name', 'a-b'],
      ['name starting with a digit', 'name', '1abc'],
      ['name with a colon', 'name', 'a:b'],
      ['name with "__"', 'name', 'a__b'],
      ['name too long', 'name', 'n'.repeat(101)],
      ['name ending _total', 'name', 'revenue_total'],
      ['name ending _bucket', 'name', 'x_bucket'],
      ['name ending _observations', 'name', 'x_observations'],
      ['name in camelCase', 'name', 'cpuUsage'],
      ['name with a type in it', 'name', 'cpu_gauge'],
      ['name with an abbreviated unit', 'name', 'latency_ms'],
      ['name with a non-base unit', 'name', 'call_minutes'],
      ['label name in camelCase', 'labels', { serverName: 'web' }],
      ['name of a catalogue metric', 'name', 'pulse_usage_events_total'],
      ['name of a catalogue metric without pulse_', 'name', 'usage_storage_bytes'],
      ['name of a blackbox catalogue metric', 'name', 'probe_success'],
      ['name starting pulse_', 'name', 'pulse_anything'],
      ['type missing', 'type', undefined],
      ['type unknown', 'type', 'meter'],
      ['type uppercase', 'type', 'COUNTER'],
      ['category missing', 'category', undefined],
      ['category unknown', 'category', 'finance'],
      ['value missing', 'value', undefined],
      ['value a string', 'value', '5'],
      ['value null', 'value', null],
      ['value a boolean', 'value', true],
      ['value huge', 'value', 1e300],
      ['negative counter value', 'value', -1],
      ['labels a list', 'labels', ['a']],
      ['labels a string', 'labels', 'currency=USD'],
      ['label value a number', 'labels', { currency: 5 }],
      ['label value empty', 'labels', { currency: '' }],
      ['label value too long', 'labels', { currency: 'x'.repeat(257) }],
      ['label value with a newline', 'labels', { currency: 'US\nD' }],
      ['label name with "__" prefix', 'labels', { __name__: 'x' }],
      ['label name with a dash', 'labels', { 'cur-rency': 'USD' }],
      ['label name too long', 'labels', { ['l'.repeat(65)]: 'x' }],
      ['label name reserved: project', 'labels', { project: 'other' }],
      ['label name reserved: le', 'labels', { le: '1' }],
      ['label name reserved: category', 'labels', { category: 'x' }],
      ['too many labels', 'labels', Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`l${i}`, 'x']))],
      ['id empty', 'id', ''],
      ['id with spaces', 'id', 'a b'],
      ['id a number', 'id', 12],
      ['unknown field', 'tenantId', 'x'],
    ] as const
  ).map(([name, field, value]) => ({ name, body: one(field, value), status: 400, names: field === 'tenantId' ? 'tenantId' : field })),
  { name: 'bulk metrics not a list', body: { project_id: 'acme', metrics: 'x' }, status: 400, names: 'metrics' },
  { name: 'bulk empty', body: { project_id: 'acme', metrics: [] }, status: 400, names: 'metrics' },
  { name: 'bulk over 1000', body: { project_id: 'acme', metrics: Array.from({ length: 1001 }, () => good) }, status: 400, names: 'metrics' },
  { name: 'bulk with an unknown top-level field', body: { project_id: 'acme', metrics: [good], extra: 1 }, status: 400, names: 'extra' },
  { name: 'bulk entry not an object', body: { project_id: 'acme', metrics: [good, 5] }, status: 400, names: 'metrics[1]' },
  { name: 'bulk entry with a bad value', body: { project_id: 'acme', metrics: [good, good, { ...good, value: 'x' }] }, status: 400, names: 'metrics[2].value' },
  { name: 'bulk: one name, two types', body: { project_id: 'acme', metrics: [good, { ...good, type: 'gauge' }] }, status: 400, names: 'metrics[1]' },
  { name: 'bulk: one name, two label sets', body: { project_id: 'acme', metrics: [good, { ...good, labels: { region: 'eu' } }] }, status: 400, names: 'metrics[1]' },
  { name: 'project_id missing', body: { ...good }, status: 400, names: 'project_id' },
];
