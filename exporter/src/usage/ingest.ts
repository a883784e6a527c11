/**
 * The usage ingestion pipeline: key → validation → authorization → rate limit → atomic store
 * write → acknowledgement. Returns the HTTP answer as data; nothing is counted unless the whole
 * batch is stored, and nothing is acknowledged before it is.
 */
import { listedProblems, summariseProblems } from '../../../common/http/problems';
import type { PulseConfig } from '../config/model';
import type { Store } from '../store/types';
import { authenticate, forbiddenEvents, rateLimitedProjects } from './principal';
import { validateBatch, type EventProblem } from './validate-batch';

export interface IngestAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface IngestDeps {
  readonly config: PulseConfig;
  readonly store: Store;
  readonly nowMs: number;
  readonly onStoreError?: (error: unknown) => void;
}

const RATE_WINDOW_MS = 60_000;

// Problems are listed as a bounded excerpt: a 400 never echoes the whole batch.
const rejected = (status: number, error: string, problems: readonly EventProblem[] = []): IngestAnswer => ({ status, body: { error, problems: listedProblems(problems) } });

export async function ingestUsage(deps: IngestDeps, token: string | undefined, text: string): Promise<IngestAnswer> {
  const { config, store } = deps;
  if (token === undefined) return { ...rejected(401, 'a project API key is required: Authorization: Bearer <key>'), headers: { 'WWW-Authenticate': 'Bearer' } };
  const principal = authenticate(config, token);
  if (!principal) return { ...rejected(401, 'the API key matches no project'), headers: { 'WWW-Authenticate': 'Bearer' } };

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    await countRejected(deps, undefined);
    return rejected(400, `invalid JSON body, nothing counted: ${(error as Error).message}`);
  }
  const validation = validateBatch(body, { regions: new Set(config.regions.map((r) => r.code)), nowMs: deps.nowMs, idempotencyWindowMs: config.usage.idempotencyWindowMs });
  if (!validation.ok) {
    await countRejected(deps, body);
    return rejected(400, `invalid usage batch, nothing counted: ${summariseProblems(validation.problems)}`, validation.problems);
  }
  const events = validation.events;
  const forbidden = forbiddenEvents(principal, events, config);
  if (forbidden.length > 0) {
    await countRejected(deps, body);
    return rejected(403, `not allowed, nothing counted: ${summariseProblems(forbidden)}`, forbidden);
  }

  try {
    for (const { project, perMinute } of rateLimitedProjects(principal, events)) {
      const decision = await store.consumeRateLimit(`usage:${project}`, perMinute, RATE_WINDOW_MS, deps.nowMs);
      if (!decision.allowed) {
        const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
        return { ...rejected(429, `rate limit of ${perMinute} requests per minute reached for project "${project}", nothing counted; retry after ${retryAfter} s`), headers: { 'Retry-After': retryAfter } };
      }
    }
    if (principal.kind === 'pattern') {
      for (const project of new Set(events.map((e) => e.project))) {
        if (!(await store.admitProject(project, principal.pattern.maxProjects))) {
          return rejected(403, `project "${project}" would exceed the limit of ${principal.pattern.maxProjects} pattern projects, nothing counted`);
        }
      }
    }
    const outcome = await store.recordUsage(events, config.usage.idempotencyWindowMs);
    return { status: 200, body: { accepted: outcome.accepted.length, duplicates: outcome.duplicates.length, duplicate_ids: outcome.duplicates } };
  } catch (error) {
    deps.onStoreError?.(error);
    // Not acknowledged: the client retries, and idempotency keeps a retry from counting twice.
    return { ...rejected(503, 'the usage store is unavailable, nothing acknowledged; retry'), headers: { 'Retry-After': '1' } };
  }
}


async function countRejected(deps: IngestDeps, body: unknown): Promise<void> {
  const events = (body as { events?: unknown } | null)?.events;
  const count = Array.isArray(events) ? Math.max(events.length, 1) : 1;
  await deps.store.countRejected(count).catch((error) => deps.onStoreError?.(error));
}
