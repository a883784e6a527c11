/**
 * Which Redis the exporter uses, from its environment: REDIS_URL (one Redis), or
 * REDIS_CLUSTER_NODES (a Redis Cluster's seed nodes) with its password from REDIS_PASSWORD_FILE or
 * REDIS_PASSWORD. Neither: undefined, and the exporter keeps its state in memory.
 */
import { readFileSync } from 'node:fs';
import type { ClusterNode, RedisTarget } from './redis-connection';

/** Seed nodes past this are refused: the client needs one that answers, not the whole cluster. */
export const MAX_CLUSTER_SEEDS = 64;

export function redisTargetFromEnv(env: NodeJS.ProcessEnv, readFile: (path: string) => string = (path) => readFileSync(path, 'utf8')): RedisTarget | undefined {
  const { REDIS_URL: url, REDIS_CLUSTER_NODES: nodes, REDIS_PASSWORD_FILE: passwordFile, REDIS_PASSWORD: password } = env;
  if (url && nodes) throw new Error('REDIS_URL and REDIS_CLUSTER_NODES are both set: set one (one Redis, or a Redis Cluster)');
  if (url) return { url };
  if (!nodes) return undefined;
  if (passwordFile && password) throw new Error('REDIS_PASSWORD_FILE and REDIS_PASSWORD are both set: set one');
  const clusterNodes = parseClusterNodes(nodes);
  if (passwordFile) return { clusterNodes, password: readPassword(passwordFile, readFile) };
  return password ? { clusterNodes, password } : { clusterNodes };
}

/** `host:port,host:port,…` (IPv6 hosts in brackets: `[::1]:7000`). */
export function parseClusterNodes(text: string): ClusterNode[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.length > MAX_CLUSTER_SEEDS) throw new Error(`REDIS_CLUSTER_NODES: at most ${MAX_CLUSTER_SEEDS} nodes (got ${entries.length})`);
  return entries.map((entry) => {
    const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry);
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) throw new Error(`REDIS_CLUSTER_NODES: ${JSON.stringify(entry)} is not host:port (port 1–65535)`);
    return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
  });
}

function readPassword(path: string, readFile: (path: string) => string): string {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new Error(`REDIS_PASSWORD_FILE: cannot read ${JSON.stringify(path)}: ${(error as Error).message}`, { cause: error });
  }
  // Files written by editors and `echo` end in a newline that is not part of the password.
  const password = text.replace(/\r?\n$/, '');
  if (password === '') throw new Error(`REDIS_PASSWORD_FILE: ${JSON.stringify(path)} is empty`);
  return password;
}
