import { stringify } from 'yaml';
import { freePort } from '../../../common/testing/free-port';
import { parseConfigText } from '../config/load';
import { createMemoryStore } from '../store/memory-store';
import { createRedisStore } from '../store/redis-store';
import { recordedText } from '../store/recorded-contract';
import { startRedisServer, type RedisServerHandle } from '../../../common/testing/redis-server';
import { minimalConfig } from '../testing/exporter-app';
import { withinOneWindow } from '../testing/one-window';
import type { Store } from '../store/types';
import { RATE_WINDOW_MS } from '../usage/project-rate-limit';
import { recordedLimitsOf, recordValues, type RecordAnswer } from './record';

const config = parseConfigText(
  stringify(minimalConfig({ projects: [{ id: 'acme', key_sha256: 'a'.repeat(64) }, { id: 'big', key_sha256: 'b'.repeat(64), recorded_metrics: { max_series: 5000 } }] })),
  'pulse.yml',
);
const body = { project_id: 'acme', name: 'revenue', type: 'counter', category: 'business', value: 1 };
const acme = { project: 'acme', rateLimitPerMinute: 1000 };

let redis: RedisServerHandle;
beforeAll(async () => {
  redis = await startRedisServer({ appendOnly: false });
});
afterAll(async () => {
  await redis.dispose();
});

describe('recording values', () => {
  it('reads a project\'s configured limits, defaulting what it leaves out and every other project', () => {
    expect(recordedLimitsOf(config, 'big')).toEqual({ maxNames: 50, maxSeries: 5000 });
    expect(recordedLimitsOf(config, 'acme')).toEqual({ maxNames: 50, maxSeries: 1000 });
    expect(recordedLimitsOf(config, 'team-x')).toEqual({ maxNames: 50, maxSeries: 1000 });
  });

  it('answers 503 with Retry-After, asking for the same ids, when the store does not answer', async () => {
    const store = createRedisStore({ url: `redis://127.0.0.1:${await freePort()}`, commandTimeoutMs: 200, maxReconnectDelayMs: 100 });
    const failures: unknown[] = [];
    try {
      const answer = await recordValues({ config, store, onStoreError: (error) => failures.push(error) }, acme, body);
      expect(answer).toMatchObject({ status: 503, headers: { 'Retry-After': '1' }, body: { error: expect.stringContaining('retry with the same ids') } });
      expect(failures).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers 200 with what it exposed from the memory store', async () => {
    const store = createMemoryStore();
    expect(await recordValues({ config, store }, acme, body)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, duplicate_ids: [], exposed: ['pulse_custom_revenue_total'] } });
  });

  it.each([
    ['memory', () => createMemoryStore()],
    ['redis', () => createRedisStore({ url: redis.url, keyPrefix: `record${Date.now()}:` })],
  ])('draws the rate limit for every request, valid or not, and keeps nothing of a batch it refuses (%s store)', async (_kind, open) => {
    const once = { project: 'acme', rateLimitPerMinute: 2 };
    const opened: Store[] = [];
    try {
      // The limit counts in fixed one-minute windows: the four draws must fall in one (a run
      // that crossed a minute is run again, on a fresh store).
      const { store, statuses, refusals } = await withinOneWindow(RATE_WINDOW_MS, async () => {
        const fresh = open();
        opened.push(fresh);
        const answers: RecordAnswer[] = [];
        for (const sent of [{ ...body, id: 'first' }, { ...body, type: 'nope' }, { ...body, id: 'second' }, { ...body, type: 'nope' }]) answers.push(await recordValues({ config, store: fresh }, once, sent));
        return { store: fresh, statuses: answers.slice(0, 2).map((answer) => answer.status), refusals: answers.slice(2) };
      });
      expect(statuses).toEqual([200, 400]);
      for (const answer of refusals) {
        expect(answer).toMatchObject({ status: 429, headers: { 'Retry-After': expect.stringMatching(/^\d+$/) }, body: { error: expect.stringContaining('rate limit of 2 requests per minute reached for project "acme"') } });
      }
      // "second" was not kept: the same id is new to a project with room.
      expect(await recordValues({ config, store }, acme, { ...body, id: 'second' })).toMatchObject({ status: 200, body: { accepted: 1, duplicates: 0 } });
      expect(await recordedText(store)).toContain('pulse_custom_revenue_total{project="acme",category="business"} 2');
    } finally {
      await Promise.all(opened.map((store) => store.close()));
    }
  }, 200_000);
});

