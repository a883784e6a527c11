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
  RECORDED_CATEGORIES, RECORDED_TYPES, RESERVED_LABELS, RESERVED_SUFFIXES, type RecordedMetric,
} from './model';
import { nameLintProblem } from './naming';

const NAME = /^[a-z][a-z0-9_]*$/;
const LABEL_NAME = /^[a-z_][a-z0-9_]*$/;
/** Printable text: no control characters (a newline would need escaping everywhere it is shown). */
const hasControlCharacter = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
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
  let parsed: ParsedMetric[];
  if (isBulk) {
    const outer = parseBody(bulk, body);
    if (!outer.ok) return outer;
    const problems: FieldProblem[] = [];
    parsed = [];
    outer.value.metrics.forEach((raw, index) => {
      const one = parseBody(metric, raw);
      if (one.ok) parsed.push(one.value);
      else problems.push(...one.problems.map((p) => ({ field: p.field === '(body)' ? `metrics[${index}]` : `metrics[${index}].${p.field}`, message: p.message })));
    });
    if (problems.length > 0) return { ok: false, problems };
  } else {
    const { project_id: _project, ...rest } = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const one = parseBody(metric, typeof body === 'object' && body !== null && !Array.isArray(body) ? rest : body);
    if (!one.ok) return one;
    parsed = [one.value];
  }
  const metrics = parsed.map(stored);
  const clash = firstDefinitionClash(metrics, isBulk);
  return clash ? { ok: false, problems: [clash] } : { ok: true, metrics, summaries: parsed.filter((m) => m.type === 'summary').length };
}

function stored(m: ParsedMetric): RecordedMetric {
  const sorted = Object.entries(m.labels ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { ...(m.id === undefined ? {} : { id: m.id }), name: m.name, type: m.type === 'summary' ? 'histogram' : m.type, category: m.category, value: m.value, labels: sorted };
}

/** Within one batch, a name keeps one type, category and set of label names, as it does across batches. */
function firstDefinitionClash(metrics: readonly RecordedMetric[], isBulk: boolean): FieldProblem | undefined {
  const first = new Map<string, { index: number; definition: string }>();
  for (const [index, m] of metrics.entries()) {
    const definition = definitionOf(m);
    const seen = first.get(m.name);
    if (!seen) first.set(m.name, { index, definition });
    else if (seen.definition !== definition) {
      return { field: isBulk ? `metrics[${index}]` : 'name', message: `"${m.name}" is ${describeDefinition(definition)} here but ${describeDefinition(seen.definition)} at metrics[${seen.index}]: a name keeps its type, category and label names` };
    }
  }
  return undefined;
}

/** A stored definition in words: `a counter in category business with labels currency`. */
export function describeDefinition(definition: string): string {
  const [type, category, names] = definition.split('/');
  return `a ${type} in category ${category} with ${names ? `labels ${names}` : 'no labels'}`;
}
