/** Reads JSON request bodies within their limits, validates them with zod, and lists every bad field for a 400 answer. */
import express, { type RequestHandler } from 'express';
import type { z } from 'zod';
import { formatKeyPath, formatValue } from '../../../common/config/path';
import { listedProblems, summariseProblems } from '../../../common/http/problems';
import { jsonNestedDeeperThan, jsonTooDeepMessage, jsonValueDeeperThan } from '../../../common/http/json-depth';

/**
 * express.json() for one route: at most `limit` bytes, and nested at most MAX_JSON_DEPTH levels (a
 * deeper body answers 400 through the app's error handler, before any handler sees it). The depth
 * is checked on the parsed value, or on the text of a body that does not parse, so the body is
 * decoded once: a `verify` hook would decode it a second time (a few % of a recorded batch's CPU).
 */
export function jsonBody(limit: string): RequestHandler {
  const parse = express.json({ limit });
  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      const text = (error as { type?: unknown; body?: unknown } | undefined)?.type === 'entity.parse.failed' ? (error as { body?: unknown }).body : undefined;
      const tooDeep = error === undefined ? jsonValueDeeperThan(req.body) : typeof text === 'string' && jsonNestedDeeperThan(text);
      next(tooDeep ? Object.assign(new Error(jsonTooDeepMessage()), { status: 400, type: 'entity.too.deep' }) : error);
    });
  };
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
