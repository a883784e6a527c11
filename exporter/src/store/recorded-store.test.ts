import Redis from 'ioredis';
import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { createMemoryStore } from './memory-store';
import { describeRecordedContract, recorded, recordedText } from './recorded-contract';
import { readFeed } from './store-contract';
import { createRedisStore } from './redis-store';

let redis: RedisServerHandle;
let prefixes = 0;
beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
});
afterAll(async () => {
  await redis.dispose();
});

describe('recorded metrics in the memory store', () => {
  describeRecordedContract(async () => ({ store: createMemoryStore(), advance: async () => {}, now: () => Date.now() }));
});

describe('recorded metrics in the redis store', () => {
  describeRecordedContract(async () => ({ store: createRedisStore({ url: redis.url, keyPrefix: `recorded${++prefixes}:` }), advance: async () => {}, now: () => Date.now() }));

  it('scores one change-feed member per series a batch changes: a histogram as its stem, not one per field', async () => {
    const prefix = `recorded${++prefixes}:`;
    const store = createRedisStore({ url: redis.url, keyPrefix: prefix });
    const inspector = new Redis(redis.url);
    try {
      const latency = (value: number) => recorded({ name: 'latency', type: 'histogram', category: 'performance', value, labels: [] });
      // Three buckets, the sum and the count of one histogram, and a counter: six fields, two series.
      await store.recordMetrics('acme', [latency(0.001), latency(0.3), latency(7), recorded()], { maxNames: 50, maxSeries: 1000 }, 60_000);
      const members = await inspector.zrange(`${prefix}usage:changes`, 0, -1);
      expect(members.sort()).toEqual(['m["acme","latency","histogram","performance",[],', 'm["acme","revenue","counter","business",[["currency","USD"]],""]']);
    } finally {
      inspector.disconnect();
      await store.close();
    }
  });

  it('reads a feed whose histogram members stand for more totals than a delta answers as a full read', async () => {
    const store = createRedisStore({ url: redis.url, keyPrefix: `recorded${++prefixes}:` });
    try {
      const { cursor } = await readFeed(store, undefined);
      // 870 members, but 870 × 23 parts = 20,010 totals: past the 20,000 a delta answers.
      const histograms = Array.from({ length: 870 }, (_, n) => recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.3, labels: [['server', `h${n}`]] }));
      await store.recordMetrics('acme', histograms, { maxNames: 50, maxSeries: 1000 }, 60_000);
      const read = await readFeed(store, cursor);
      expect(read.full).toBe(true);
      expect(read.totals['m["acme","latency","histogram","performance",[["server","h869"]],"count"]']).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('gives two replicas sharing Redis the same exposition', async () => {
    const [a, b] = [createRedisStore({ url: redis.url, keyPrefix: 'shared:' }), createRedisStore({ url: redis.url, keyPrefix: 'shared:' })];
    try {
      await a.recordMetrics('acme', [recorded(), recorded({ name: 'latency', type: 'histogram', category: 'performance', value: 0.2, labels: [] })], { maxNames: 50, maxSeries: 1000 }, 60_000);
      await b.recordMetrics('acme', [recorded({ value: 2 })], { maxNames: 50, maxSeries: 1000 }, 60_000);
      const text = await recordedText(a);
      expect(text).toContain('pulse_custom_revenue_total{project="acme",category="business",currency="USD"} 3');
      expect(await recordedText(b)).toBe(text);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
