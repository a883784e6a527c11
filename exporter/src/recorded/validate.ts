/**
 * Validation of a recorded-metrics body, as a pure function: every bad metric and field is named,
 * and a body with any problem is refused whole (all or nothing). The store then checks, in the
 * same atomic step as the write, what depends on stored state (definitions, limits, ids).
 */
import { z } from 'zod';
import * as catalogue from '../../../common/metrics/catalogue';
import { parseBody, type FieldProblem } from '../api/request-body';
import {
  definitionOf, EXPOSED_PREFIX, MAX_ABS_VALUE, MAX_BATCH_METRICS, MAX_LABEL_NAME_LENGTH, MAX_LABEL_VALUE_LENGTH, MAX_LABELS, MAX_NAME_LENGTH,
  RECORDED_CATEGORIES, RECORDED_TYPES, RESERVED_LABELS, RESERVED_SUFFIXES, type RecordedCategory, type RecordedMetric, type StoredType,
} from './model';
import { nameLintProblem } from './naming';

const NAME = /^[a-z][a-z0-9_]*$/;
const LABEL_NAME = /^[a-z_][a-z0-9_]*$/;
/** Printable text: no control characters (a newline would need escaping everywhere it is shown). */
function hasControlCharacter(text: string): boolean {
  // UTF-16 units: a surrogate is never a control character.
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    if (unit < 0x20 || unit === 0x7f) return true;
  }
  return false;
}
const ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every name the catalogue publishes: a recorded name may not be one, nor one of them without `pulse_`. */
const CATALOGUE_NAMES: ReadonlySet<string> = new Set(
  Object.values(catalogue).flatMap((group) =>
    typeof group === 'object' && group !== null && !Array.isArray(group) ? Object.values(group).flatMap((def) => (typeof (def as { name?: unknown })?.name === 'string' ? [(def as { name: string }).name] : [])) : [],
  ),
);

const metricName = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_NAME_LENGTH, `must be at most ${MAX_NAME_LENGTH} characters`)
  .regex(NAME, 'must be snake_case: start with a lowercase letter and hold only lowercase letters, digits and "_"')
  .refine((name) => !name.includes('__'), 'must not contain "__" (reserved)')
  .refine((name) => !RESERVED_SUFFIXES.some((suffix) => name.endsWith(suffix)), `must not end in ${RESERVED_SUFFIXES.join(', ')} (Pulse adds the suffix the type needs)`)
  .superRefine((name, ctx) => {
    const problem = nameLintProblem(name);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .refine((name) => !name.startsWith('pulse_') && !CATALOGUE_NAMES.has(name) && !CATALOGUE_NAMES.has(`pulse_${name}`) && !CATALOGUE_NAMES.has(`${EXPOSED_PREFIX}${name}`), 'collides with a Pulse catalogue metric (names starting "pulse_" are reserved)');

const labelValue = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_LABEL_VALUE_LENGTH, `must be at most ${MAX_LABEL_VALUE_LENGTH} characters`)
  .refine((text) => !hasControlCharacter(text), 'must not hold control characters');

const labels = z
  .record(z.string(), labelValue)
  .superRefine((record, ctx) => {
    const names = Object.keys(record);
    if (names.length > MAX_LABELS) ctx.addIssue({ code: 'custom', message: `must hold at most ${MAX_LABELS} labels (got ${names.length})` });
    for (const name of names) {
      const problem = labelNameProblem(name);
      if (problem) ctx.addIssue({ code: 'custom', path: [name], message: `label name ${JSON.stringify(name.slice(0, 80))} ${problem}` });
    }
  });

function labelNameProblem(name: string): string | undefined {
  if (name.startsWith('__')) return 'must not start with "__" (reserved for Prometheus)';
  if (name.length === 0 || name.length > MAX_LABEL_NAME_LENGTH) return `must be 1-${MAX_LABEL_NAME_LENGTH} characters`;
  if (!LABEL_NAME.test(name)) return 'must be snake_case: start with a lowercase letter or "_" and hold only lowercase letters, digits and "_"';
  if (RESERVED_LABELS.includes(name)) return `is reserved (Pulse sets ${RESERVED_LABELS.join(', ')})`;
  return undefined;
}

const metric = z
  .strictObject({
    id: z.string().regex(ID, 'must be 1-128 letters, digits, ".", "_", ":" or "-"').optional(),
    name: metricName,
    type: z.enum(RECORDED_TYPES),
    category: z.enum(RECORDED_CATEGORIES),
    value: z.number().finite().min(-MAX_ABS_VALUE).max(MAX_ABS_VALUE),
    labels: labels.optional(),
  })
  .refine((m) => m.type !== 'counter' || m.value >= 0, { path: ['value'], message: 'a counter only adds: must be >= 0' });

const project_id = z.string();
const bulk = z.strictObject({ project_id, metrics: z.array(z.unknown()).min(1, 'must hold at least one metric').max(MAX_BATCH_METRICS, `must hold at most ${MAX_BATCH_METRICS} metrics`) });

export type RecordedValidation = { readonly ok: true; readonly metrics: RecordedMetric[]; readonly summaries: number } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

type ParsedMetric = z.output<typeof metric>;

export function validateRecorded(body: unknown): RecordedValidation {
  const isBulk = typeof body === 'object' && body !== null && 'metrics' in body;
  const metrics: RecordedMetric[] = [];
  let summaries = 0;
  if (isBulk) {
    const outer = parseBody(bulk, body);
    if (!outer.ok) return outer;
    const problems: FieldProblem[] = [];
    outer.value.metrics.forEach((raw, index) => {
      const checked = checkMetric(raw);
      if (checked.ok) {
        metrics.push(checked.metric);
        if (checked.summary) summaries++;
      } else problems.push(...checked.problems.map((p) => ({ field: p.field === '(body)' ? `metrics[${index}]` : `metrics[${index}].${p.field}`, message: p.message })));
    });
    if (problems.length > 0) return { ok: false, problems };
  } else {
    const { project_id: _project, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const checked = checkMetric(typeof body === 'object' && body !== null && !Array.isArray(body) ? rest : body);
    if (!checked.ok) return checked;
    metrics.push(checked.metric);
    if (checked.summary) summaries++;
  }
  const clash = firstDefinitionClash(metrics, isBulk);
  return clash ? { ok: false, problems: [clash] } : { ok: true, metrics, summaries };
}

type CheckedMetric = { readonly ok: true; readonly metric: RecordedMetric; readonly summary: boolean } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/** One metric, by the quick check when it passes, else by zod, which names every problem. */
function checkMetric(raw: unknown): CheckedMetric {
  const quick = quickStored(raw);
  if (quick) return { ok: true, metric: quick, summary: (raw as { type: unknown }).type === 'summary' };
  const one = parseBody(metric, raw);
  return one.ok ? { ok: true, metric: stored(one.value), summary: one.value.type === 'summary' } : one;
}

/** The metric as zod alone stores it, or undefined when zod refuses it (what quickStored must agree with). */
export function zodStored(raw: unknown): RecordedMetric | undefined {
  const one = parseBody(metric, raw);
  return one.ok ? stored(one.value) : undefined;
}

function stored(m: ParsedMetric): RecordedMetric {
  const sorted = Object.entries(m.labels ?? {}).sort(byLabelName);
  return { ...(m.id === undefined ? {} : { id: m.id }), name: m.name, type: m.type === 'summary' ? 'histogram' : m.type, category: m.category, value: m.value, labels: sorted };
}

const byLabelName = ([a]: readonly [string, string], [b]: readonly [string, string]): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Names and label names found valid, so a name repeated through a batch (and the next ones) is
 * checked once: zod's checks and the lint were most of the validation's time (bench/README.md).
 * Bounded: each set is emptied when it reaches KNOWN_MAX and fills again.
 */
const KNOWN_MAX = 10_000;
const knownNames = new Set<string>();
const knownLabelNames = new Set<string>();

function known(set: Set<string>, value: string, valid: (value: string) => boolean): boolean {
  if (set.has(value)) return true;
  if (!valid(value)) return false;
  if (set.size >= KNOWN_MAX) set.clear();
  set.add(value);
  return true;
}

const METRIC_FIELDS: ReadonlySet<string> = new Set(['id', 'name', 'type', 'category', 'value', 'labels']);
const TYPES: ReadonlySet<unknown> = new Set(RECORDED_TYPES);
const CATEGORIES: ReadonlySet<unknown> = new Set(RECORDED_CATEGORIES);

/**
 * The metric as stored when it passes every rule of `metric` above, checked by hand; undefined
 * when anything may be wrong — zod then decides and names the problems, so the two never
 * disagree on a bad metric's answer (validate.test.ts compares them).
 */
export function quickStored(raw: unknown): RecordedMetric | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const fields = raw as Record<string, unknown>;
  // for…in with hasOwn visits what Object.keys lists, without the array (garbage per value).
  for (const field in fields) if (Object.hasOwn(fields, field) && !METRIC_FIELDS.has(field)) return undefined;
  const { id, name, type, category, value, labels } = fields;
  if (!TYPES.has(type) || !CATEGORIES.has(category) || typeof name !== 'string') return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < -MAX_ABS_VALUE || value > MAX_ABS_VALUE || (type === 'counter' && value < 0)) return undefined;
  if (id !== undefined && (typeof id !== 'string' || !ID.test(id))) return undefined;
  if (!known(knownNames, name, (text) => metricName.safeParse(text).success)) return undefined;
  const sorted = labels === undefined ? [] : quickLabels(labels);
  if (sorted === undefined) return undefined;
  const storedType = type === 'summary' ? 'histogram' : (type as StoredType);
  // One object literal per case (no spread of a second copy): this runs for every value.
  return id === undefined
    ? { name, type: storedType, category: category as RecordedCategory, value, labels: sorted }
    : { id, name, type: storedType, category: category as RecordedCategory, value, labels: sorted };
}

/** A metric's labels as stored (sorted pairs) when every rule holds, else undefined. */
function quickLabels(labels: unknown): [string, string][] | undefined {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return undefined;
  const record = labels as Record<string, unknown>;
  const sorted: [string, string][] = [];
  for (const label in record) {
    if (!Object.hasOwn(record, label)) continue;
    const text = record[label];
    if (typeof text !== 'string' || text.length === 0 || text.length > MAX_LABEL_VALUE_LENGTH || hasControlCharacter(text)) return undefined;
    if (!known(knownLabelNames, label, (candidate) => labelNameProblem(candidate) === undefined)) return undefined;
    sorted.push([label, text]);
  }
  if (sorted.length > MAX_LABELS) return undefined;
  if (sorted.length > 1) sorted.sort(byLabelName);
  return sorted;
}

/**
 * Within one batch, a name keeps one type, category and set of label names, as it does across
 * batches. Compared field by field; the definitions are written out only for the answer.
 */
function firstDefinitionClash(metrics: readonly RecordedMetric[], isBulk: boolean): FieldProblem | undefined {
  const first = new Map<string, number>();
  for (const [index, m] of metrics.entries()) {
    const seenAt = first.get(m.name);
    if (seenAt === undefined) first.set(m.name, index);
    else if (!sameDefinition(metrics[seenAt], m)) {
      return { field: isBulk ? `metrics[${index}]` : 'name', message: `"${m.name}" is ${describeDefinition(definitionOf(m))} here but ${describeDefinition(definitionOf(metrics[seenAt]))} at metrics[${seenAt}]: a name keeps its type, category and label names` };
    }
  }
  return undefined;
}

/** definitionOf(a) === definitionOf(b), without building either. */
function sameDefinition(a: RecordedMetric, b: RecordedMetric): boolean {
  if (a.type !== b.type || a.category !== b.category || a.labels.length !== b.labels.length) return false;
  for (let i = 0; i < a.labels.length; i++) if (a.labels[i][0] !== b.labels[i][0]) return false;
  return true;
}

/** A stored definition in words: `a counter in category business with labels currency`. */
export function describeDefinition(definition: string): string {
  const [type, category, names] = definition.split('/');
  return `a ${type} in category ${category} with ${names ? `labels ${names}` : 'no labels'}`;
}
