/**
 * A store refusing a write because one of its bounded tables is full (not because it is down):
 * nothing of the write was kept, and retrying after `retryAfterMs` may succeed.
 */
export class StoreFullError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
    this.name = 'StoreFullError';
  }
}
