/**
 * The Redis store on a real Redis Cluster (three masters, three replicas on loopback): the whole
 * store contract (recorded metrics too), the key layout by slot, and exact totals across many projects.
 */
import Redis from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { startRedisCluster, type RedisClusterHandle } from '../../../common/testing/redis-cluster';
import { describeExportJobContract } from './export-jobs-contract';
import { describeRecordedContract } from './recorded-contract';
import { clusterKeyLayout, keySlot, USAGE_SHARDS } from './redis-cluster-keys';
import { projectRateLimitKey } from './rate-limit-key';
import { createRedisStore } from './redis-store';
import { runStoreLifetime } from './testing/store-lifetime';
import { parseClusterNodes } from './redis-target';
import { describeStoreContract, notification, readFeed, usageEvent } from './store-contract';
import { redisBus } from '../live/bus';
import { silentLogger } from '../../../common/log';
import type { AlertNotification } from '../alerts/types';
import type { Store } from './types';
import type { UsageEvent } from '../usage/types';

let cluster: RedisClusterHandle;
let prefixes = 0;
const freshPrefix = (): string => `ctest${++prefixes}:`;
// A generous timeout: six nodes and the test share two loaded cores.
const openStore = (keyPrefix: string, commandTimeoutMs = 5000): Store => createRedisStore({ clusterNodes: parseClusterNodes(cluster.seeds), keyPrefix, commandTimeoutMs });
/** For 80 batches sent at once: the last replies wait behind the others' scripts, 5 s and more on a loaded machine. */
const BURST_TIMEOUT_MS = 30_000;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.dispose();
});

describeStoreContract('redis', async () => ({
  store: openStore(freshPrefix()),
  advance: async (ms) => {
    await sleep(ms);
  },
  now: () => Date.now(),
  windowSlackMs: 1000,
}));

describeExportJobContract('redis', () => openStore(freshPrefix()));

describe('recorded metrics on a cluster', () => {
  describeRecordedContract(async () => ({ store: openStore(freshPrefix()), advance: async () => {}, now: () => Date.now() }));
});

describe('the redis store on a cluster', () => {
  it('hashes keys to the slots Redis Cluster does', async () => {
    const client = new Redis(cluster.nodes[0].url);
    try {
      for (const key of ['pulse:usage:totals', 'pulse:{u:7}:usage:seen:{acme}', 'a{}b', '{}{x}', 'plain', 'pulse:{x:exp_1}:export:job:exp_1', 'ünïcode{ü}']) {
        expect(keySlot(key)).toBe(Number(await client.call('CLUSTER', 'KEYSLOT', key)));
      }
    } finally {
      client.disconnect();
    }
  });

  it('spreads its usage shards evenly over the masters', async () => {
    const shards = clusterKeyLayout('pulse:').usage.all;
    expect(shards).toHaveLength(USAGE_SHARDS);
    const perMaster = new Map<number, number>();
    for (const shard of shards) {
      const master = await cluster.masterOf(keySlot(shard.usageTotals));
      perMaster.set(master.port, (perMaster.get(master.port) ?? 0) + 1);
    }
    expect([...perMaster.values()]).toEqual([USAGE_SHARDS / 3, USAGE_SHARDS / 3, USAGE_SHARDS / 3]);
  }, 30_000);

  it('counts 200 projects exactly in batches that mix projects across slots, each id sent twice', async () => {
    const prefix = freshPrefix();
    const writers = [openStore(prefix, BURST_TIMEOUT_MS), openStore(prefix, BURST_TIMEOUT_MS)];
    const reader = openStore(prefix);
    try {
      const projects = Array.from({ length: 200 }, (_, p) => `project-${p}`);
      // Event e of project p has value p + 1; 20 events per project, 4000 in all.
      const events = projects.flatMap((project, p) => Array.from({ length: 20 }, (_, e): UsageEvent => usageEvent(`${project}-e${e}`, { project, value: p + 1 })));
      // Batches of 100 taken round the list with a stride, so each mixes many projects; every
      // event is in two batches, sent by different writers, and some repeat an id within a batch.
      const shuffled = events.map((_, i) => events[(i * 7919) % events.length]);
      const batches = Array.from({ length: 40 }, (_, b) => shuffled.slice(b * 100, b * 100 + 100));
      const repeats = batches.map((batch, b) => (b % 5 === 0 ? [...batch.slice(0, 10), ...batch] : batch));
      const outcomes = await Promise.all([...repeats.map((batch) => writers[0].recordUsage(batch, 60_000)), ...[...batches].reverse().map((batch) => writers[1].recordUsage(batch, 60_000))]);

      const accepted = outcomes.flatMap((outcome) => outcome.accepted);
      expect(accepted).toHaveLength(events.length);
      expect(new Set(accepted).size).toBe(events.length);
      const sent = repeats.flat().length + batches.flat().length;
      expect(await reader.usageEventCounts()).toEqual({ accepted: events.length, duplicate: sent - events.length, rejected: 0 });
      const expected = projects.map((project, p) => ({ project, region: 'eu-west', type: 'participant_minutes', value: 20 * (p + 1) }));
      const byProject = (a: { project: string }, b: { project: string }): number => a.project.localeCompare(b.project);
      expect([...(await reader.usageTotals())].sort(byProject)).toEqual(expected.sort(byProject));
      // The merged change feed hands a reader the same totals, then nothing more until a change.
      const first = await readFeed(reader, undefined);
      expect(first.full).toBe(true);
      expect(Object.keys(first.totals)).toHaveLength(200);
      expect(first.totals['["project-199","eu-west","participant_minutes"]']).toBe(4000);
      expect(await readFeed(reader, first.cursor)).toMatchObject({ full: false, totals: {} });
      await writers[1].recordUsage([usageEvent('late', { project: 'project-3' }), usageEvent('late', { project: 'project-150' })], 60_000);
      const next = await readFeed(reader, first.cursor);
      expect(next).toMatchObject({ full: false, totals: { '["project-3","eu-west","participant_minutes"]': 81, '["project-150","eu-west","participant_minutes"]': 3021 } });
      expect(Object.keys(next.totals)).toHaveLength(2);
    } finally {
      await Promise.all([...writers, reader].map((store) => store.close()));
    }
  }, 120_000);

  it("lays a shard out in one slot, with its projects' rate-limit counters", async () => {
    const prefix = freshPrefix();
    const layout = clusterKeyLayout(prefix);
    const shard = layout.usage.of('acme');
    const shardKeys = [shard.usageTotals, shard.usageChanges, shard.usageSeen('acme'), `${shard.usageSeen('acme')}:3`, shard.usageRecent('acme', 60_000), shard.recordedSeen('acme'), `${shard.recordedSeen('acme')}:5`, shard.recordedDefinitions];
    expect(new Set(shardKeys.map(keySlot)).size).toBe(1);
    expect(new Set([layout.keys.triggers, layout.keys.projectTriggers('acme'), layout.keys.projectAlerts('acme'), layout.keys.customMetricProjects, layout.keys.projectChannels].map(keySlot)).size).toBe(1);
    expect(new Set([layout.keys.exportJob('j1'), layout.keys.exportFile('j1'), layout.keys.exportFilePart('j1')].map(keySlot)).size).toBe(1);
    for (const scope of ['usage', 'api'] as const) expect(keySlot(layout.keys.rateLimit(projectRateLimitKey(scope, 'acme'), 60_000, 1))).toBe(keySlot(shard.usageTotals));
    // As the projects spread over the shards, so do their counters: no slot holds every project's.
    const limits = Array.from({ length: 1000 }, (_, i) => keySlot(layout.keys.rateLimit(projectRateLimitKey('usage', `p${i}`), 60_000, 1)));
    expect(new Set(limits).size).toBe(USAGE_SHARDS);
  });

  it("draws a one-project batch's rate limit in the batch's own script; a refused batch keeps nothing", async () => {
    const store = openStore(freshPrefix());
    const masters = await Promise.all([0, 8192, 16383].map((slot) => cluster.masterOf(slot)));
    const clients = masters.map((master) => new Redis(master.url));
    // Every draw at the same instant: the counter is one minute's, and a minute turning between two
    // draws would start an empty one.
    const nowMs = Date.now();
    const limits = (limit: number) => ({ limits: [{ key: projectRateLimitKey('usage', 'acme'), limit }], windowMs: 60_000, nowMs });
    // Every script call, on every master, since the last CONFIG RESETSTAT.
    const scriptCalls = async (): Promise<number> => {
      const stats = await Promise.all(clients.map((client) => client.info('commandstats')));
      return stats.reduce((sum, text) => sum + [...text.matchAll(/^cmdstat_(?:evalsha|eval):calls=(\d+)/gm)].reduce((calls, match) => calls + Number(match[1]), 0), 0);
    };
    try {
      // The first batch loads the scripts on the master; the counting starts after it.
      expect(await store.recordUsageWithinLimits([usageEvent('a1')], 60_000, limits(2))).toEqual({ recorded: { accepted: ['a1'], duplicates: [] } });
      await Promise.all(clients.map((client) => client.config('RESETSTAT')));
      expect(await store.recordUsageWithinLimits([usageEvent('a2', { value: 2 })], 60_000, limits(2))).toEqual({ recorded: { accepted: ['a2'], duplicates: [] } });
      expect(await scriptCalls()).toBe(1);
      expect(await store.recordUsageWithinLimits([usageEvent('a3', { value: 4 })], 60_000, limits(2))).toMatchObject({ refused: { index: 0, decision: { allowed: false, remaining: 0 } } });
      expect(await store.usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 3 }]);
      // Its id was not kept either: within a larger limit the same event counts.
      expect(await store.recordUsageWithinLimits([usageEvent('a3', { value: 4 })], 60_000, limits(4))).toEqual({ recorded: { accepted: ['a3'], duplicates: [] } });
      expect(await store.usageTotals()).toEqual([{ project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 7 }]);
    } finally {
      clients.forEach((client) => client.disconnect());
      await store.close();
    }
  }, 30_000);
});

describe('the live bus on a cluster', () => {
  it("hands each replica's alert notifications to the other replicas, not back to itself", async () => {
    const target = { clusterNodes: parseClusterNodes(cluster.seeds) };
    const [a, b] = [redisBus(target, silentLogger()), redisBus(target, silentLogger())];
    try {
      const received: Record<'a' | 'b', AlertNotification[]> = { a: [], b: [] };
      a.subscribe((notifications) => received.a.push(...notifications));
      b.subscribe((notifications) => received.b.push(...notifications));
      const sent = notification({ alertname: 'ViaCluster' });
      // Subscribing takes a round trip: publish until the other side has one, with a deadline.
      const deadline = Date.now() + 20_000;
      while (received.b.length === 0 && Date.now() < deadline) {
        a.publish([sent]);
        await sleep(200);
      }
      expect(received.b[0]).toEqual(sent);
      expect(received.a).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  }, 30_000);
});

describe('a batch on a cluster whose replica does not confirm', () => {
  it('is not acknowledged; its retry with the same ids counts each event once', async () => {
    const prefix = freshPrefix();
    const store = openStore(prefix);
    const layout = clusterKeyLayout(prefix);
    const master = await cluster.masterOf(keySlot(layout.usage.of('acme').usageTotals));
    const other = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6'].find((project) => keySlot(layout.usage.of(project).usageTotals) !== keySlot(layout.usage.of('acme').usageTotals));
    const inspector = new Redis(master.url);
    try {
      const role = (await inspector.call('ROLE')) as [string, number, [string, string, string][]];
      const replica = cluster.nodes.find((node) => node.port === Number(role[2][0][1]))!;
      const batch = [usageEvent('a1', { value: 2 }), usageEvent('b1', { project: other, value: 3 }), usageEvent('a2', { value: 4 })];
      replica.pause();
      try {
        await expect(store.recordUsage(batch, 60_000)).rejects.toThrow(/record usage: 0 of 1 replicas confirmed the write within 2500 ms; not acknowledged/);
      } finally {
        replica.resume();
      }
      await cluster.waitUntilHealthy();
      // Both shards' parts were written (only the confirmation was missing): the retry finds them.
      expect(await store.recordUsage(batch, 60_000)).toEqual({ accepted: [], duplicates: ['a1', 'b1', 'a2'] });
      expect(await store.usageTotals()).toEqual(
        expect.arrayContaining([
          { project: 'acme', region: 'eu-west', type: 'participant_minutes', value: 6 },
          { project: other, region: 'eu-west', type: 'participant_minutes', value: 3 },
        ]),
      );
      expect(await store.usageEventCounts()).toEqual({ accepted: 3, duplicate: 3, rejected: 0 });
    } finally {
      inspector.disconnect();
      await store.close();
    }
  }, 60_000);
});

describe('a cluster store, closed', () => {
  const options = (): Parameters<typeof runStoreLifetime>[0] => ({ clusterNodes: parseClusterNodes(cluster.seeds), keyPrefix: freshPrefix(), commandTimeoutMs: 2000 });

  it('leaves nothing running: its process exits by itself', async () => {
    expect(await runStoreLifetime(options(), 'plain')).toEqual({ exitedByItself: true, lines: ['open', 'closed'] });
  }, 60_000);

  it('leaves nothing running when closed during a slot-map refresh', async () => {
    try {
      // Every node stopped: the store's next slot-map refresh (one a second) waits on CLUSTER SLOTS
      // until the store is closed, then ends on a cluster that has disconnected.
      const lifetime = await runStoreLifetime(options(), 'refreshing', (line) => {
        if (line === 'open') cluster.nodes.forEach((node) => node.pause());
        if (line === 'refreshing') cluster.nodes.forEach((node) => node.resume());
      });
      expect(lifetime).toEqual({ exitedByItself: true, lines: ['open', 'refreshing', 'closed'] });
    } finally {
      cluster.nodes.forEach((node) => node.resume());
      await cluster.waitUntilHealthy();
    }
  }, 60_000);
});
