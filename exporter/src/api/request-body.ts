/** Validates a JSON request body with zod and lists every bad field for a 400 answer. */
import type { z } from 'zod';
import { formatKeyPath, formatValue } from '../../../common/config/path';
import { listedProblems, summariseProblems } from '../../../common/http/problems';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): Parsed<z.output<S>> {
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, problems: [{ field: '(body)', message: 'must be a JSON object' }] };
  }
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => {
      if (issue.code === 'unrecognized_keys') return { field: formatKeyPath([...issue.path, issue.keys[0]]), message: 'unknown field' };
      const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as string], body);
      const message = value === undefined ? 'is required' : `${issue.message} (got ${formatValue(value)})`;
      return { field: formatKeyPath(issue.path), message };
    }),
  };
}

/** A 400 answer's body: a bounded excerpt of the problems, never the whole input. */
export function badRequest(problems: readonly FieldProblem[]) {
  return { error: `invalid request: ${summariseProblems(problems)}`, problems: listedProblems(problems) };
}
