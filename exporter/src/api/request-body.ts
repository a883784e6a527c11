/** Reads JSON request bodies within their limits, validates them with zod, and lists every bad field for a 400 answer. */
import express from 'express';
import type { z } from 'zod';
import { formatKeyPath, formatValue } from '../../../common/config/path';
import { listedProblems, summariseProblems } from '../../../common/http/problems';
import { jsonNestedDeeperThan, jsonTooDeepMessage } from '../../../common/http/json-depth';

/**
 * express.json() for one route: at most `limit` bytes, and nested at most MAX_JSON_DEPTH levels,
 * checked before parsing (a deeper body answers 400 through the app's error handler).
 */
export function jsonBody(limit: string) {
  return express.json({
    limit,
    verify: (_req, _res, raw) => {
      if (jsonNestedDeeperThan(raw.toString('utf8'))) throw Object.assign(new Error(jsonTooDeepMessage()), { status: 400, type: 'entity.too.deep' });
    },
  });
}

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
    problems: result.error.issues.flatMap((issue) => {
      // One issue lists every unknown key of an object; each is named.
      if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: formatKeyPath([...issue.path, key]), message: 'unknown field' }));
      const value = issue.path.reduce<unknown>((node, key) => (node as Record<PropertyKey, unknown> | undefined)?.[key as string], body);
      const message = value === undefined ? 'is required' : `${issue.message} (got ${formatValue(value)})`;
      return [{ field: formatKeyPath(issue.path), message }];
    }),
  };
}

/** A 400 answer's body: a bounded excerpt of the problems, never the whole input. */
export function badRequest(problems: readonly FieldProblem[]) {
  return { error: `invalid request: ${summariseProblems(problems)}`, problems: listedProblems(problems) };
}
