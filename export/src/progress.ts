/**
 * A one-line progress bar on stderr, drawn only when stderr is a terminal, so logs and pipes
 * see nothing but errors and the final summary.
 */
import type { Writable } from 'node:stream';

export interface ProgressState {
  readonly requestsDone: number;
  readonly requestsTotal: number;
  readonly rows: number;
}

const BAR_WIDTH = 24;

export function renderProgress({ requestsDone, requestsTotal, rows }: ProgressState): string {
  const filled = requestsTotal === 0 ? BAR_WIDTH : Math.floor((requestsDone / requestsTotal) * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${requestsDone}/${requestsTotal} queries, ${rows} rows`;
}

export interface Progress {
  update(state: ProgressState): void;
  /** Erases the bar so the summary line starts clean. */
  clear(): void;
}

export function createProgress({ stream, enabled }: { readonly stream: Writable; readonly enabled: boolean }): Progress {
  if (!enabled) return { update: () => undefined, clear: () => undefined };
  let drawn = false;
  return {
    update(state) {
      stream.write(`\r\x1b[2K${renderProgress(state)}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
