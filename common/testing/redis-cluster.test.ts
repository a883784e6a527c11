/**
 * The Redis Cluster harness itself: six real nodes made into three masters with a replica each,
 * and a SIGKILLed master replaced by its replica.
 */
import Redis from 'ioredis';
import { startRedisCluster, type RedisClusterHandle } from './redis-cluster';

let cluster: RedisClusterHandle;

beforeAll(async () => {
  cluster = await startRedisCluster();
}, 60_000);
afterAll(async () => {
  await cluster?.dispose();
});

describe('the Redis Cluster harness', () => {
  it('makes three masters, each with one replica', async () => {
    const client = new Redis(cluster.nodes[0].url);
    try {
      const lines = String(await client.call('CLUSTER', 'NODES')).trim().split('\n');
      expect(lines.filter((line) => / master /.test(line) || /,master /.test(line))).toHaveLength(3);
      expect(lines.filter((line) => /slave|replica/.test(line))).toHaveLength(3);
    } finally {
      client.disconnect();
    }
  });

  it('promotes the replica of a SIGKILLed master and serves the slot again', async () => {
    const slot = 1234;
    const before = await cluster.masterOf(slot);
    await before.kill();
    await cluster.waitUntilHealthy();
    const after = await cluster.masterOf(slot);
    expect(after.port).not.toBe(before.port);
  }, 60_000);
});
