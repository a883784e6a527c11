/**
 * Test harness: runs store-lifetime-main.ts in a child process and waits for it to exit by itself
 * after closing its store. Not a test itself.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { RedisStoreOptions } from '../redis-store';

export interface StoreLifetime {
  /** Whether the process exited by itself within the bound after closing the store. */
  readonly exitedByItself: boolean;
  /** Every line it wrote: `open`, `closed`, and `left {…}` (what still ran) while it did not exit. */
  readonly lines: readonly string[];
}

/**
 * `onLine` sees each line as it comes (the cluster test stops and resumes the nodes on them).
 * The bound is generous: a store that leaves nothing running exits within milliseconds of close.
 */
export function runStoreLifetime(options: RedisStoreOptions, mode: 'plain' | 'refreshing', onLine: (line: string) => void = () => undefined, exitBoundMs = 15_000): Promise<StoreLifetime> {
  // Far past any wait of the test's own: the process is not left behind should the test time out.
  const lastResort = setTimeout(() => child.kill('SIGKILL'), 120_000);
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'store-lifetime-main.ts'), JSON.stringify(options), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    lines.push(line);
    onLine(line);
    // The bound counts from close: getting there may take a while on a loaded machine.
    if (line === 'closed') timer = setTimeout(() => child.kill('SIGKILL'), exitBoundMs);
  });
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      clearTimeout(lastResort);
      resolve({ exitedByItself: code === 0, lines });
    });
  });
}
