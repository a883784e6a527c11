/**
 * redis-server for the benchmarks, configured as docker-compose.yml runs it (appendonly yes,
 * appendfsync everysec) unless told to fsync every write (the README's lose-nothing option),
 * on a free loopback port with its files in the section's folder.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Redis from 'ioredis';
import { findRedisServer } from '../common/testing/redis-server';
import { freePort } from '../exporter/src/testing/exporter-process';
import type { Scope } from './scope';
import { startProcess } from './service';

export type AppendFsync = 'everysec' | 'always';

export interface BenchRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
}

export async function answersPing(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export async function startBenchRedis(scope: Scope, dir: string, appendfsync: AppendFsync = 'everysec'): Promise<BenchRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const dataDir = join(dir, `redis-${port}`);
  mkdirSync(dataDir, { recursive: true });
  const running = await startProcess(scope, {
    name: 'redis-server',
    command: findRedisServer(),
    args: ['--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--save', '', '--appendonly', 'yes', '--appendfsync', appendfsync, '--logfile', ''],
    ready: () => answersPing(url),
  });
  return { url, port, pid: running.pid };
}
