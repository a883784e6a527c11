/** Query-string parsing shared by the analytics routes: every problem named, unknown keys refused. */
import type { Request, Response } from 'express';
import type { z } from 'zod';
import { badRequest, parseBody } from './request-body';

/** The parsed query, or undefined once a 400 naming every problem has been sent. */
export function parseQuery<S extends z.ZodType>(schema: S, req: Request, res: Response): z.output<S> | undefined {
  const parsed = parseBody(schema, { ...req.query });
  if (parsed.ok) return parsed.value;
  res.status(400).json(badRequest(parsed.problems));
  return undefined;
}

/** Runs a store read for a handler: a failing store answers 503 (retry) rather than 500. */
export async function answerFromStore(res: Response, onFailure: () => void, read: () => Promise<unknown>): Promise<void> {
  let body: unknown;
  try {
    body = await read();
  } catch {
    onFailure();
    res.status(503).set('Retry-After', '1').json({ error: 'the store is unavailable; retry' });
    return;
  }
  res.json(body);
}
