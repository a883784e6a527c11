import { stringify } from 'yaml';
import { freePort } from '../../../common/testing/free-port';
import { parseConfigText } from '../config/load';
import { createMemoryStore } from '../store/memory-store';
import { createRedisStore } from '../store/redis-store';
import { minimalConfig } from '../testing/exporter-app';
import { recordedLimitsOf, recordValues } from './record';

const config = parseConfigText(
  stringify(minimalConfig({ projects: [{ id: 'acme', key_sha256: 'a'.repeat(64) }, { id: 'big', key_sha256: 'b'.repeat(64), recorded_metrics: { max_series: 5000 } }] })),
  'pulse.yml',
);
const body = { project_id: 'acme', name: 'revenue', type: 'counter', category: 'business', value: 1 };

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
      const answer = await recordValues({ config, store, onStoreError: (error) => failures.push(error) }, 'acme', body);
      expect(answer).toMatchObject({ status: 503, headers: { 'Retry-After': '1' }, body: { error: expect.stringContaining('retry with the same ids') } });
      expect(failures).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('answers 200 with what it exposed from the memory store', async () => {
    const store = createMemoryStore();
    expect(await recordValues({ config, store }, 'acme', body)).toEqual({ status: 200, body: { accepted: 1, duplicates: 0, duplicate_ids: [], exposed: ['pulse_custom_revenue_total'] } });
  });
});
