/**
 * The answer while the store is down or hangs: 503 with Retry-After, so the caller retries the
 * same request. A write answered 503 while the store hung may still be applied once it resumes
 * (the command had been sent): retrying it is safe, since each of these writes is idempotent or
 * keeps the newer value.
 */
import type { Response } from 'express';

export function answerStoreUnavailable(res: Response, what: string, retryAfterSeconds: number): void {
  res.status(503).set('Retry-After', String(retryAfterSeconds)).json({ error: `${what} is unavailable; retry` });
}
