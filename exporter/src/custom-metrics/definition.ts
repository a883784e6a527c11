/**
 * Validation of a custom metric body (POST and PUT): first the API's own shape (the original
 * design's CustomMetric fields, every error naming its field), then the same model as
 * `alert-rules/specs` custom metrics (the CustomMetrics spec schema and its checks against the
 * metric catalogue), with any problem it finds named by the API field it came from.
 */
import { z } from 'zod';
import type { ConfigProblem } from '../../../common/config/errors';
import { USAGE_TYPES } from '../../../common/metrics/catalogue';
import { catalogueIndex } from '../../../alert-rules/src/rule-builders/catalogue-index';
import { checkCustomMetrics } from '../../../alert-rules/src/rule-builders/custom-metrics';
import { API_VERSION, customMetricsSpec } from '../../../alert-rules/src/spec-files/schema';
import { formatValue } from '../../../common/config/path';
import { parseBody, type FieldProblem, type Parsed } from '../api/request-body';
import { toCustomMetricSpec } from './metric-spec';
import { CUSTOM_AGGREGATIONS, CUSTOM_METRIC_TYPES, type CustomMetricFields } from './types';

export const NAME_MAX = 64;
export const DESCRIPTION_MAX = 500;
export const UNIT_MAX = 20;
export const MATCH_VALUE_MAX = 100;

/** The project label is the definition's own project; a body may not set or group by it. */
const notProject = (label: string) => label !== 'project';

const fields = {
  name: z.string().max(NAME_MAX, `must be at most ${NAME_MAX} characters`),
  description: z
    .string()
    .max(DESCRIPTION_MAX, `must be at most ${DESCRIPTION_MAX} characters`)
    .regex(/^[^\p{Cc}]*$/u, 'must not hold control characters')
    .default(''),
  metric_type: z.enum(CUSTOM_METRIC_TYPES),
  unit: z.string().max(UNIT_MAX, `must be at most ${UNIT_MAX} characters`).optional(),
  aggregation: z.enum(CUSTOM_AGGREGATIONS),
  query: z.strictObject({
    metric: z.enum(USAGE_TYPES),
    match: z
      .record(
        z.string(),
        z.string().min(1, 'must not be empty').max(MATCH_VALUE_MAX, `must be at most ${MATCH_VALUE_MAX} characters`).regex(/^[^\p{Cc}]*$/u, 'must not hold control characters'),
      )
      .refine((match) => !Object.hasOwn(match, 'project'), { message: 'must not be set: a definition always matches its own project', path: ['project'] })
      .default({}),
    by: z
      .array(z.string().refine(notProject, 'must not be project: the result is always per project'))
      .refine((list) => new Set(list).size === list.length, 'must not list a label twice')
      .default([]),
  }),
  is_active: z.boolean().default(true),
};

/** POST /api/v1/analytics/metrics/custom: the project is in the body. */
export const createCustomMetricBody = z.strictObject({ project_id: z.string(), ...fields });
/** PUT …/metrics/custom/:project_id/:id: the whole definition again; project_id may repeat the path's. */
export const replaceCustomMetricBody = z.strictObject({ project_id: z.string().optional(), ...fields });

/** Where a problem of the spec model comes from in the API body. */
const SPEC_FIELD: Readonly<Record<string, string>> = {
  name: 'name',
  type: 'metric_type',
  unit: 'unit',
  aggregation: 'aggregation',
  metric: 'query.metric',
  matchers: 'query.match',
  by: 'query.by',
  description: 'description',
};

/** A spec path (['metrics', 0, key, …rest]) as the API field; `by` loses the project it was given first. */
function apiField(path: readonly PropertyKey[]): string {
  const [, , key, ...rest] = path;
  const field = SPEC_FIELD[String(key)] ?? String(key);
  if (rest.length === 0) return field;
  if (key === 'by') return `${field}[${Number(rest[0]) - 1}]`;
  return `${field}.${String(rest[0])}`;
}

const valueAt = (root: unknown, path: readonly PropertyKey[]) => path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key], root);

/** The fields checked by the alert-rules model, as the YAML specs are. */
export function checkWithSpecModel(project: string, metric: CustomMetricFields): FieldProblem[] {
  const spec = { apiVersion: API_VERSION, kind: 'CustomMetrics', metrics: [toCustomMetricSpec(project, metric)] };
  const parsed = customMetricsSpec.safeParse(spec);
  const problems: ConfigProblem[] = [];
  if (parsed.success) checkCustomMetrics({ spec: parsed.data, at: { file: 'request body', lineOf: () => undefined } }, catalogueIndex(), problems);
  if (!parsed.success) {
    return parsed.error.issues.map(({ path, message }) => ({ field: apiField(path), message: `${message} (got ${formatValue(valueAt(spec, path))})` }));
  }
  return problems.map(({ path, message }) => ({ field: apiField(path), message }));
}

export function validateCustomMetric(
  schema: typeof createCustomMetricBody | typeof replaceCustomMetricBody,
  body: unknown,
  project: string,
): Parsed<CustomMetricFields> {
  const parsed = parseBody(schema, body);
  if (!parsed.ok) return parsed;
  const { project_id: named, ...metric } = parsed.value;
  if (named !== undefined && named !== project) return { ok: false, problems: [{ field: 'project_id', message: `must be the project of the path, "${project}" (got "${named}")` }] };
  const problems = checkWithSpecModel(project, metric);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: metric };
}
