import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { createMemoryStore } from '../store/memory-store';
import { createRedisStore } from '../store/redis-store';
import type { Store } from '../store/types';

export type StoreKind = [name: string, open: () => Store];

/**
 * The two stores a store contract is held to, for `describe.each`: the memory store and a Redis
 * store on a real Redis this suite starts (without AOF). Each `open()` gives a store of its own
 * key prefix, closed after the test that opened it. Call at a test file's top level: it registers
 * the suite's hooks.
 */
export function storeKinds(keyPrefix: string): readonly StoreKind[] {
  let redis: RedisServerHandle | undefined;
  let opened = 0;
  const open: Store[] = [];
  beforeAll(async () => {
    redis = await startRedisServer({ appendOnly: false });
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });
  afterAll(async () => {
    await redis?.dispose();
  });
  const kept = (store: Store): Store => {
    open.push(store);
    return store;
  };
  return [
    ['memory', () => kept(createMemoryStore())],
    [
      'redis',
      () => {
        if (!redis) throw new Error('storeKinds: a Redis store was opened outside a test (the suite starts Redis in beforeAll)');
        return kept(createRedisStore({ url: redis.url, keyPrefix: `${keyPrefix}${++opened}:` }));
      },
    ],
  ];
}
