/**
 * Redis's AOF rewrites during a measured run, to set each batch beside them: how many ran, when
 * (INFO persistence polled every REWRITE_POLL_MS, widened by one poll on each side, so a batch
 * counted outside a rewrite surely was), and the CPU of the rewrite children (a child's CPU is
 * added to its parent's cutime and cstime in /proc when Redis reaps it). On a 2-core machine a
 * rewrite child takes most of a core from the exporter, Redis and the load generator while it runs.
 */
import { readFileSync } from 'node:fs';
import Redis from 'ioredis';

export const REWRITE_POLL_MS = 50;

export interface RewriteFacts {
  /** Rewrites finished during the run (INFO persistence aof_rewrites). */
  readonly rewrites: number;
  /** [start, end] of each rewrite seen running, in performance.now() milliseconds. */
  readonly windows: readonly (readonly [number, number])[];
  /** CPU seconds of the rewrite children reaped during the run. */
  readonly childCpuSeconds: number;
}

export interface RewriteWatch {
  stop(): Promise<RewriteFacts>;
}

/** CPU seconds of a process's reaped children so far (cutime + cstime). */
function reapedChildrenCpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name: cutime and cstime are fields 16 and 17 of the line, 13 and 14 here.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / ticksPerSecond;
}

const infoField = (info: string, name: string): number => Number(new RegExp(`^${name}:(\\d+)`, 'm').exec(info)?.[1] ?? Number.NaN);

export async function watchRewrites(redisUrl: string, redisPid: number, ticksPerSecond: number): Promise<RewriteWatch> {
  const client = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  await client.connect();
  const rewritesBefore = infoField(await client.info('persistence'), 'aof_rewrites');
  const childCpuBefore = reapedChildrenCpuSeconds(redisPid, ticksPerSecond);
  const windows: [number, number][] = [];
  let openedAt: number | undefined;
  let watching = true;
  const poll = (async () => {
    while (watching) {
      const asked = performance.now();
      const running = infoField(await client.info('persistence'), 'aof_rewrite_in_progress') === 1;
      if (running && openedAt === undefined) openedAt = asked - REWRITE_POLL_MS;
      if (!running && openedAt !== undefined) {
        windows.push([openedAt, performance.now() + REWRITE_POLL_MS]);
        openedAt = undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, REWRITE_POLL_MS));
    }
  })();
  return {
    async stop() {
      watching = false;
      await poll;
      if (openedAt !== undefined) windows.push([openedAt, performance.now()]);
      const rewrites = infoField(await client.info('persistence'), 'aof_rewrites') - rewritesBefore;
      client.disconnect();
      return { rewrites, windows, childCpuSeconds: reapedChildrenCpuSeconds(redisPid, ticksPerSecond) - childCpuBefore };
    },
  };
}

/** Whether a batch that ended at `endedAt` after `ms` overlapped any of the windows. */
export function overlapsAny(windows: RewriteFacts['windows'], endedAt: number, ms: number): boolean {
  return windows.some(([start, end]) => endedAt - ms <= end && endedAt >= start);
}
