/**
 * Analytics API, real-time dashboard: GET /api/v1/analytics/realtime/:project_id latency, with
 * 10,000 projects having recent usage (every region and type of each, sent through the usage API),
 * Redis store, compiled pulse-exporter. One request at a time, each for a project drawn in turn
 * from all of them, so each read is of one project among many, not a cached neighbour.
 */
import { patternProject, startBenchExporter } from './exporter-setup';
import { createHttpClient } from './http-client';
import { startBenchRedis } from './redis-server';
import type { Row } from './report';
import { ingestProjects, SCRAPE_REGIONS } from './scrape-series';
import { ms, type SectionContext } from './section';
import { summarize } from './stats';

const PROJECTS = 10_000;
const GOAL_P99_MS = 25;

export async function measureRealtime(ctx: SectionContext): Promise<{ rows: Row[]; notes: string[] }> {
  const requests = ctx.quick ? 300 : 3000;
  const redis = await startBenchRedis(ctx.scope, ctx.dir);
  const exporter = await startBenchExporter(ctx.scope, ctx.dir, {
    regions: SCRAPE_REGIONS.map((code) => ({ code, target: 'http://127.0.0.1:1/health' })),
    interval: '1h',
    timeout: '1s',
    maxConcurrentProbes: 4,
    patternProjects: PROJECTS,
    redisUrl: redis.url,
  });
  const client = createHttpClient(4);
  ctx.log(`analytics: recent usage of ${PROJECTS.toLocaleString('en-US')} projects`);
  // Five minutes ago: inside the document's window (the 15 whole minutes before the current one).
  await ingestProjects(client, exporter, 0, PROJECTS, Date.now() - 5 * 60_000);
  const headers = { authorization: `Bearer ${exporter.patternKey}` };
  const read = async (project: number): Promise<number> => {
    const started = performance.now();
    const answer = await client.request(`${exporter.url}/api/v1/analytics/realtime/${patternProject(project)}`, { method: 'GET', headers });
    const elapsed = performance.now() - started;
    const document = JSON.parse(answer.body.toString('utf8')) as { metrics?: Array<{ value: number }> };
    if (answer.status !== 200 || !((document.metrics?.[0]?.value ?? 0) > 0)) throw new Error(`realtime: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    return elapsed;
  };
  ctx.log(`analytics: ${requests} realtime reads`);
  for (let i = 0; i < 50; i++) await read(i); // warm-up
  const samples: number[] = [];
  // A stride coprime with PROJECTS visits projects all over the key space.
  for (let i = 0; i < requests; i++) samples.push(await read((i * 7919) % PROJECTS));
  const latency = summarize(samples);
  return {
    rows: [
      { figure: `realtime p50, ${PROJECTS.toLocaleString('en-US')} projects with recent usage, Redis store (${requests} reads)`, pulse: ms(latency.p50), goal: '', met: undefined },
      { figure: `realtime p99, same`, pulse: ms(latency.p99), goal: `< ${GOAL_P99_MS} ms`, met: latency.p99 < GOAL_P99_MS },
    ],
    notes: [
      `Realtime: one request at a time from the bench client over loopback (client-side time, request sent to body read); each project has ${SCRAPE_REGIONS.length} regions × 5 usage types of usage five minutes before, so a read renders from its recent minutes and its trigger history.`,
    ],
  };
}
