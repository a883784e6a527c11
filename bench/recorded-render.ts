/**
 * "/metrics render, 50,000 recorded series vs 50,000 usage series" (issue 13): two exporters,
 * each on its own Redis, one holding 50,000 usage series and the other 50,000 recorded counters,
 * scraped alternately. Two figures: the kept exposition (a scrape that finds nothing changed,
 * as most do) and a full read, the first scrape after the exporter's Redis connection was cut
 * (CLIENT KILL: ioredis reconnects, and a cursor from the old connection is not trusted), which
 * reads and renders every series again, as a replica's first scrape does.
 */
import Redis from 'ioredis';
import { exporterMetrics } from '../common/metrics/catalogue';
import { startBenchExporter, patternProject, type BenchExporter } from './exporter-setup';
import type { HttpClient } from './http-client';
import { closedLoop } from './load';
import { startBenchRedis } from './redis-server';
import type { Row } from './report';
import { countSeries, ingestProjects, projectsFor, SCRAPE_REGIONS } from './scrape-series';
import { ms, sumSamples, type SectionContext } from './section';
import { summarize, type Summary } from './stats';

const SERIES = 50_000;
/** The default per-project limit (recorded/model.ts DEFAULT_MAX_SERIES): 10 names × 100 label values. */
const RECORDED_PER_PROJECT = 1000;
const RECORDED_NAMES = 10;
/**
 * A kept scrape takes 10-30 ms: 15 of each read 0.67-1.88x in six runs of one quiet hour (a GC
 * after the seeding weighs on a few of them); 200 of each take about 8 s. Two runs of 200 still
 * read 1.00x and 1.55x: the exporters of one run differ from those of the next, so read several.
 */
const KEPT_SCRAPES = 200;
const QUICK_KEPT_SCRAPES = 4;
const FULL_READS = 6;
const QUICK_FULL_READS = 2;
const ACCEPT = { accept: 'text/plain;version=0.0.4' };
const GOAL = 1.5;

interface Subject {
  readonly exporter: BenchExporter;
  readonly redisUrl: string;
}

/** One project's 1,000 recorded counters, each with its own value. */
function recordedBody(project: number): string {
  const metrics = Array.from({ length: RECORDED_PER_PROJECT }, (_, index) => ({
    name: `bench_m${index % RECORDED_NAMES}_things`,
    type: 'counter',
    category: 'business',
    value: ((project * 31 + index) % 9973) + 0.5,
    labels: { shard: `s${Math.floor(index / RECORDED_NAMES)}` },
  }));
  return JSON.stringify({ project_id: patternProject(project), metrics });
}

async function seedRecorded(client: HttpClient, exporter: BenchExporter, projects: number): Promise<void> {
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${exporter.patternKey}` };
  const outcome = await closedLoop({ concurrency: 4, durationMs: 600_000, maxRequests: projects }, async (_worker, project) => {
    const answer = await client.request(`${exporter.url}/api/v1/analytics/metrics`, { method: 'POST', headers, body: recordedBody(project) });
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    return true;
  });
  if (outcome.failed > 0 || outcome.ok !== projects) throw new Error(`seeding recorded series: ${outcome.failed} of ${projects} batches failed: ${outcome.errors[0]}`);
}

async function scrape(client: HttpClient, url: string): Promise<{ ms: number; body: Buffer }> {
  const answer = await client.request(`${url}/metrics`, { headers: ACCEPT, timeoutMs: 120_000 });
  if (answer.status !== 200) throw new Error(`GET ${url}/metrics: HTTP ${answer.status}`);
  return { ms: answer.ms, body: answer.body };
}

/** Cuts the exporter's Redis connections; resolves once a scrape reads the store again (pulse_store_up 1). */
async function cutConnection(redisUrl: string): Promise<void> {
  const admin = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await admin.connect();
    await admin.client('KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
  } finally {
    admin.disconnect();
  }
}

const storeUp = (body: Buffer): boolean => sumSamples(body.toString('utf8'), exporterMetrics.storeUp.name) === 1;

/** Times the first scrape after each cut; a scrape that found the store still reconnecting is not counted and is tried again. */
async function fullRead(client: HttpClient, subject: Subject): Promise<number> {
  await cutConnection(subject.redisUrl);
  for (let attempt = 0; attempt < 20; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const answer = await scrape(client, subject.exporter.url);
    if (storeUp(answer.body)) return answer.ms;
  }
  throw new Error('the exporter did not read Redis again within 5 s of its connection being cut');
}

async function alternate(rounds: number, measure: (kind: 'usage' | 'recorded') => Promise<number>): Promise<Record<'usage' | 'recorded', Summary>> {
  const times = { usage: [] as number[], recorded: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['usage', 'recorded'] as const) : (['recorded', 'usage'] as const);
    for (const kind of order) times[kind].push(await measure(kind));
  }
  return { usage: summarize(times.usage), recorded: summarize(times.recorded) };
}

const timeText = (time: Summary): string => `${ms(time.p50)} (p99 ${ms(time.p99)})`;

function row(what: string, times: Record<'usage' | 'recorded', Summary>): Row {
  const ratio = times.recorded.p50 / times.usage.p50;
  return { figure: `GET /metrics, 50k recorded series vs 50k usage series, Redis store, ${what}: p50 (p99)`, pulse: timeText(times.recorded), peerName: 'Pulse, usage series', peer: timeText(times.usage), ratio, goal: `≤ ${GOAL}×`, met: ratio <= GOAL };
}

/** The rows, and the notes that say how they were measured. */
export async function measureRecordedRender(ctx: SectionContext, shared: { client: HttpClient; target: string }): Promise<{ rows: Row[]; notes: string[] }> {
  const scope = ctx.scope.child();
  try {
    const start = async (patternProjects: number): Promise<Subject> => {
      const redis = await startBenchRedis(scope, ctx.dir);
      const exporter = await startBenchExporter(scope, ctx.dir, {
        regions: SCRAPE_REGIONS.map((code) => ({ code, target: shared.target })),
        interval: '15s',
        timeout: '5s',
        maxConcurrentProbes: 32,
        patternProjects,
        redisUrl: redis.url,
        cpuProfDir: ctx.cpuProfDir,
      });
      return { exporter, redisUrl: redis.url };
    };
    const recordedProjects = SERIES / RECORDED_PER_PROJECT;
    const subjects = { usage: await start(projectsFor(SERIES)), recorded: await start(recordedProjects) };
    ctx.log('scrape: recorded vs usage series: seeding 50,000 of each');
    await ingestProjects(shared.client, subjects.usage.exporter, 0, projectsFor(SERIES));
    await seedRecorded(shared.client, subjects.recorded.exporter, recordedProjects);
    const samples = { usage: 0, recorded: 0 };
    for (const kind of ['usage', 'recorded'] as const) samples[kind] = countSeries((await scrape(shared.client, subjects[kind].exporter.url)).body);
    ctx.log('scrape: recorded vs usage series: kept exposition');
    const kept = await alternate(ctx.quick ? QUICK_KEPT_SCRAPES : KEPT_SCRAPES, async (kind) => (await scrape(shared.client, subjects[kind].exporter.url)).ms);
    ctx.log('scrape: recorded vs usage series: full reads');
    const full = await alternate(ctx.quick ? QUICK_FULL_READS : FULL_READS, (kind) => fullRead(shared.client, subjects[kind]));
    return {
      rows: [row('kept exposition', kept), row('full read after a reconnection', full)],
      notes: [
        `Recorded vs usage series (bench/recorded-render.ts): two exporters, each on its own Redis; one holds ${SERIES.toLocaleString('en-US')} usage series (as above), the other ${recordedProjects} projects × ${RECORDED_PER_PROJECT.toLocaleString('en-US')} recorded counters (${RECORDED_NAMES} names × 100 values of one label, POST /api/v1/analytics/metrics), one sample line each (samples exposed: usage ${samples.usage.toLocaleString('en-US')}, recorded ${samples.recorded.toLocaleString('en-US')}). Scraped alternately. Kept exposition: a scrape that finds nothing changed. Full read: the first scrape after CLIENT KILL cut the exporter's Redis connection (taken once pulse_store_up is 1 again): it reads every value and renders every series, as a replica's first scrape does.`,
      ],
    };
  } finally {
    await scope.close();
  }
}
