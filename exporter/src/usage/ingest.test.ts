import { stringify } from 'yaml';
import { parseConfigText } from '../config/load';
import { createMemoryStore } from '../store/memory-store';
import { ingestUsage } from './ingest';

const NOW_MS = 1_700_000_000_000;

const config = parseConfigText(
  stringify({
    apiVersion: 'pulse/v1',
    vantage: 'local',
    vantages: [{ name: 'local', latitude: 0, longitude: 0 }],
    regions: [{ code: 'one', name: 'One', url: 'wss://one.example', latitude: 0, longitude: 0, priority: 1, capacity: 100, failover: [], active: true, probe: { kind: 'tcp', target: '127.0.0.1:1' } }],
    project_pattern: { regex: 'team-[a-z]+', max_projects: 2, key_env: 'TEAM_KEY' },
    usage: { rate_limit_per_minute: 1 },
  }),
  'pulse.yml',
  { env: { TEAM_KEY: 'team-secret' } },
);

describe('ingesting usage into a memory store whose idempotency table is full', () => {
  it('answers 503 naming the bound, with Retry-After, and counts nothing', async () => {
    const store = createMemoryStore({ now: () => NOW_MS, maxIdempotencyIds: 2 });
    const events = ['a', 'b', 'c'].map((id) => ({ id, project: 'team-a', region: 'one', type: 'api_requests', value: 1, timestamp: NOW_MS }));
    const answer = await ingestUsage({ config, store, nowMs: NOW_MS }, 'team-secret', JSON.stringify({ events }));
    expect(answer).toEqual({
      status: 503,
      headers: { 'Retry-After': '1' },
      body: {
        error: 'memory store: the idempotency table is full (0 of 2 event ids within the window; this batch needs 3 more): nothing counted; retry with the same ids',
        problems: [],
      },
    });
    expect(await store.usageTotals()).toEqual([]);
  });
});

describe('ingesting usage from the project-pattern key', () => {
  let sequence = 0;
  const batch = (projects: string[]) =>
    JSON.stringify({ events: projects.map((project) => ({ id: `e${++sequence}`, project, region: 'one', type: 'api_requests', value: 1, timestamp: NOW_MS })) });

  it('frees the slots of new projects when the batch is refused over a rate limit', async () => {
    const store = createMemoryStore({ now: () => NOW_MS });
    const ingest = (projects: string[]) => ingestUsage({ config, store, nowMs: NOW_MS }, 'team-secret', batch(projects));
    expect((await ingest(['team-a'])).status).toBe(200);
    // team-a has used its one request this minute: the batch is refused, team-b keeps no slot.
    expect((await ingest(['team-b', 'team-a'])).status).toBe(429);
    expect(await store.admitProjects(['team-c'], 2)).toEqual({ admitted: true, added: ['team-c'] });
  });

  it('admits none of a batch whose new projects would pass the limit', async () => {
    const store = createMemoryStore({ now: () => NOW_MS });
    const ingest = (projects: string[]) => ingestUsage({ config, store, nowMs: NOW_MS }, 'team-secret', batch(projects));
    const refused = await ingest(['team-a', 'team-b', 'team-c']);
    expect(refused).toMatchObject({ status: 403, body: { error: expect.stringContaining('limit of 2 pattern projects') } });
    expect((await ingest(['team-x'])).status).toBe(200);
    expect((await ingest(['team-y'])).status).toBe(200);
    expect(await store.usageTotals()).toEqual([
      { project: 'team-x', region: 'one', type: 'api_requests', value: 1 },
      { project: 'team-y', region: 'one', type: 'api_requests', value: 1 },
    ]);
  });
});
