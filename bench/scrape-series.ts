/**
 * The same usage series for both tools: projects × regions × usage types. Pulse gets them as
 * usage events through its API (one event per series, with the pattern key); pushgateway gets
 * them pushed as one group in the text format, with the names, labels and values Pulse exposes.
 */
import { USAGE_TYPES, usageMetrics } from '../common/metrics/catalogue';
import { patternProject, type BenchExporter } from './exporter-setup';
import type { HttpClient } from './http-client';
import { closedLoop } from './load';
import type { BenchEvent } from './usage-events';

export const SCRAPE_REGIONS = Array.from({ length: 10 }, (_, index) => `r${index}`);
export const SERIES_PER_PROJECT = SCRAPE_REGIONS.length * USAGE_TYPES.length;
const EVENTS_PER_BATCH = 1000;
const PROJECTS_PER_BATCH = EVENTS_PER_BATCH / SERIES_PER_PROJECT;

export const projectsFor = (series: number): number => Math.ceil(series / SERIES_PER_PROJECT);

/** A value that differs between series, so neither tool can share number strings. */
const valueOf = (project: number, region: number, type: number): number => ((project * 31 + region * 7 + type) % 9973) + 0.5;

function eventsOfProject(project: number, nowMs: number): BenchEvent[] {
  return SCRAPE_REGIONS.flatMap((region, r) =>
    USAGE_TYPES.map((type, t) => ({ id: `seed-${project}-${r}-${t}`, project: patternProject(project), region, type, value: valueOf(project, r, t), timestamp: nowMs })),
  );
}

/** Sends the events of projects [from, to) to Pulse, four batches in flight, timed now or at `timestampMs`. */
export async function ingestProjects(client: HttpClient, exporter: BenchExporter, from: number, to: number, timestampMs?: number): Promise<void> {
  const batches = Math.ceil((to - from) / PROJECTS_PER_BATCH);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${exporter.patternKey}` };
  const outcome = await closedLoop({ concurrency: 4, durationMs: 600_000, maxRequests: batches }, async (_worker, batch) => {
    const first = from + batch * PROJECTS_PER_BATCH;
    const last = Math.min(to, first + PROJECTS_PER_BATCH);
    const events = Array.from({ length: last - first }, (_, index) => eventsOfProject(first + index, timestampMs ?? Date.now())).flat();
    const body = JSON.stringify({ events });
    let answer = await client.request(`${exporter.url}/api/v1/usage/events`, { method: 'POST', headers, body });
    // A 503 acknowledged nothing and asks for the same batch again (a store slow under load).
    for (let retry = 0; answer.status === 503 && retry < 5; retry++) answer = await client.request(`${exporter.url}/api/v1/usage/events`, { method: 'POST', headers, body });
    if (answer.status !== 200) throw new Error(`HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
    return true;
  });
  if (outcome.failed > 0 || outcome.ok !== batches) throw new Error(`seeding usage series: ${outcome.failed} of ${batches} batches failed: ${outcome.errors[0]}`);
}

const escapeLabel = (value: string): string => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** The text-format body of projects [0, projects): what Pulse exposes for them, family by family. */
export function pushgatewayBody(projects: number): string {
  const parts: string[] = [];
  USAGE_TYPES.forEach((type, t) => {
    const def = usageMetrics[type];
    parts.push(`# HELP ${def.name} ${def.help}\n# TYPE ${def.name} ${def.type}\n`);
    for (let project = 0; project < projects; project++) {
      SCRAPE_REGIONS.forEach((region, r) => {
        parts.push(`${def.name}{project="${escapeLabel(patternProject(project))}",region="${region}"} ${valueOf(project, r, t)}\n`);
      });
    }
  });
  return parts.join('');
}

export async function pushSeries(client: HttpClient, pushgatewayUrl: string, projects: number): Promise<void> {
  // PUT replaces the whole group, so each size holds exactly its own series.
  const answer = await client.request(`${pushgatewayUrl}/metrics/job/bench`, { method: 'PUT', headers: { 'content-type': 'text/plain; version=0.0.4' }, body: pushgatewayBody(projects), timeoutMs: 120_000 });
  if (answer.status !== 200 && answer.status !== 202) throw new Error(`push to pushgateway: HTTP ${answer.status} ${answer.body.toString('utf8').slice(0, 300)}`);
}

/** Samples in an exposition: every line that is neither empty nor a comment. */
export function countSeries(exposition: Buffer): number {
  let count = 0;
  let start = 0;
  while (start < exposition.length) {
    let end = exposition.indexOf(10, start);
    if (end === -1) end = exposition.length;
    if (end > start && exposition[start] !== 35) count++;
    start = end + 1;
  }
  return count;
}

/** Usage samples only: the series both tools were given. */
export function countUsageSeries(exposition: Buffer): number {
  const names = USAGE_TYPES.map((type) => usageMetrics[type].name);
  return exposition
    .toString('utf8')
    .split('\n')
    .filter((line) => names.some((name) => line.startsWith(`${name}{`))).length;
}
