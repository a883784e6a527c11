/**
 * Test harness: a real Redis Cluster on loopback — three masters and three replicas, each a
 * redis-server of redis-server.ts with cluster mode on, joined by `redis-cli --cluster create`
 * (Debian's redis-tools) — so tests can write across slots, SIGKILL a master and watch its
 * replica take over. Not a test itself.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import Redis from 'ioredis';
import { freePort } from './free-port';
import { startRedisServer, type RedisServerHandle } from './redis-server';

const MASTERS = 3;
/** Short, so a killed master is failed over within a couple of seconds. */
const NODE_TIMEOUT_MS = 1000;
const STATE_TIMEOUT_MS = 30_000;

export interface RedisClusterHandle {
  readonly nodes: readonly RedisServerHandle[];
  /** host:port of every node, comma-separated: what REDIS_CLUSTER_NODES takes. */
  readonly seeds: string;
  /** The node serving a slot as master now. */
  masterOf(slot: number): Promise<RedisServerHandle>;
  /** Resolves once every live node reports cluster_state:ok and every slot has a live master. */
  waitUntilHealthy(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startRedisCluster(): Promise<RedisClusterHandle> {
  const nodes: RedisServerHandle[] = [];
  try {
    for (let i = 0; i < MASTERS * 2; i++) {
      // appendfsync always (the harness default): what a master acknowledged survives its SIGKILL on disk.
      // The bus port is chosen too: the default (port + 10000) may be taken or past 65535.
      const busPort = await freePort();
      nodes.push(
        await startRedisServer({
          extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', String(NODE_TIMEOUT_MS), '--cluster-port', String(busPort)],
        }),
      );
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await promisify(execFile)('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes']).catch((error: Error & { stdout?: string }) => {
      throw new Error(`redis-cli --cluster create: ${error.message}\n${error.stdout ?? ''}`, { cause: error });
    });
    const handle: RedisClusterHandle = {
      nodes,
      seeds: addresses.join(','),
      masterOf: (slot) => masterOf(nodes, slot),
      waitUntilHealthy: () => waitUntilHealthy(nodes),
      dispose: async () => void (await Promise.all(nodes.map((node) => node.dispose()))),
    };
    await handle.waitUntilHealthy();
    return handle;
  } catch (error) {
    await Promise.all(nodes.map((node) => node.dispose()));
    throw error;
  }
}

/** Runs one command on one node; undefined when the node does not answer (killed). */
async function ask(node: RedisServerHandle, ...command: string[]): Promise<unknown> {
  const client = new Redis(node.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  // A killed node refuses the connection: that is the answer (undefined), not an error to print.
  client.on('error', () => undefined);
  try {
    await client.connect();
    return await client.call(command[0], ...command.slice(1));
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/** CLUSTER SLOTS as every live node sees it must agree that each slot range has a live master. */
async function waitUntilHealthy(nodes: readonly RedisServerHandle[]): Promise<void> {
  const deadline = Date.now() + STATE_TIMEOUT_MS;
  for (;;) {
    const infos = await Promise.all(nodes.map((node) => ask(node, 'CLUSTER', 'INFO')));
    const live = infos.filter((info): info is string => typeof info === 'string');
    const covered = await Promise.all([0, 8192, 16383].map((slot) => masterOf(nodes, slot).then(() => true, () => false)));
    // A replica that has not finished its first sync cannot take over: wait for every link.
    const replication = (await Promise.all(nodes.map((node) => ask(node, 'INFO', 'replication')))).filter((info): info is string => typeof info === 'string');
    const synced = replication.every((info) => !info.includes('role:slave') || info.includes('master_link_status:up'));
    if (live.length > 0 && live.every((info) => info.includes('cluster_state:ok')) && covered.every(Boolean) && synced) return;
    if (Date.now() > deadline) {
      const states = live.map((info) => /cluster_state:\w+/.exec(info)?.[0]);
      throw new Error(`the cluster is not healthy after ${STATE_TIMEOUT_MS / 1000} s: ${states.join(', ')}; slots 0, 8192, 16383 served: ${covered.join(', ')}; replicas synced: ${synced}`);
    }
    await sleep(200);
  }
}

async function masterOf(nodes: readonly RedisServerHandle[], slot: number): Promise<RedisServerHandle> {
  for (const node of nodes) {
    const slots = (await ask(node, 'CLUSTER', 'SLOTS')) as Array<[number, number, [string, number]]> | undefined;
    if (!slots) continue;
    const range = slots.find(([first, last]) => first <= slot && slot <= last);
    const master = range && nodes.find((candidate) => candidate.port === Number(range[2][1]));
    if (master && (await ask(master, 'PING')) === 'PONG') return master;
  }
  throw new Error(`no live master serves slot ${slot}`);
}
