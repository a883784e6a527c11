/**
 * The usage ingestion pipeline: key → validation → authorization → rate limit → atomic store
 * write → acknowledgement. Returns the HTTP answer as data; nothing is counted unless the whole
 * batch is stored, and nothing is acknowledged before it is.
 */
import { jsonNestedDeeperThan, jsonTooDeepMessage } from '../../../common/http/json-depth';
import { listedProblems, summariseProblems } from '../../../common/http/problems';
import type { PulseConfig } from '../config/model';
import { StoreFullError } from '../store/store-full';
import type { RateLimitDecision, Store } from '../store/types';
import { authenticate, forbiddenEvents, rateLimitedProjects } from './principal';
import { validateBatch, type EventProblem } from './validate-batch';
import { projectRateLimitKey } from '../store/rate-limit-key';

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

  if (jsonNestedDeeperThan(text)) {
    await countRejected(deps, undefined);
    return rejected(400, `${jsonTooDeepMessage()}, nothing counted`);
  }
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
    // Admission first, all or none, and before any rate-limit counter: a batch refused for its
    // projects leaves no slot taken and no counter behind.
    let added: readonly string[] = [];
    if (principal.kind === 'pattern') {
      const { maxProjects } = principal.pattern;
      const admission = await store.admitProjects([...new Set(events.map((e) => e.project))], maxProjects);
      if (!admission.admitted) return rejected(403, `the batch's new projects would exceed the limit of ${maxProjects} pattern projects, nothing counted`);
      added = admission.added;
    }
    // The rate limits are drawn with the batch (one round trip on one Redis); a refused batch is
    // not recorded.
    const limited = rateLimitedProjects(principal, events);
    const outcome = await store.recordUsageWithinLimits(events, config.usage.idempotencyWindowMs, { limits: limited.map(({ project, perMinute }) => ({ key: projectRateLimitKey('usage', project), limit: perMinute })), windowMs: RATE_WINDOW_MS, nowMs: deps.nowMs });
    if ('refused' in outcome) {
      // A later batch of this project may have been admitted meanwhile on the same slot: it is
      // admitted again on its next batch, if a slot is free then.
      await store.releaseProjects(added);
      return rateLimited(limited[outcome.refused.index], outcome.refused.decision);
    }
    const { accepted, duplicates } = outcome.recorded;
    return { status: 200, body: { accepted: accepted.length, duplicates: duplicates.length, duplicate_ids: duplicates } };
  } catch (error) {
    deps.onStoreError?.(error);
    if (error instanceof StoreFullError) {
      return { ...rejected(503, `${error.message}; retry with the same ids`), headers: { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } };
    }
    // Not acknowledged. While the store hangs, the batch may still be stored once it resumes (the
    // command had been sent): the client retries with the same ids, and idempotency keeps the
    // retry from counting twice.
    return { ...rejected(503, 'the usage store is unavailable, nothing acknowledged; retry with the same ids'), headers: { 'Retry-After': '1' } };
  }
}

/** The 429 answer for a project over its rate limit. */
function rateLimited({ project, perMinute }: { project: string; perMinute: number }, decision: RateLimitDecision): IngestAnswer {
  const retryAfter = String(Math.max(1, Math.ceil(decision.resetMs / 1000)));
  return { ...rejected(429, `rate limit of ${perMinute} requests per minute reached for project "${project}", nothing counted; retry after ${retryAfter} s`), headers: { 'Retry-After': retryAfter } };
}

async function countRejected(deps: IngestDeps, body: unknown): Promise<void> {
  const events = (body as { events?: unknown } | null)?.events;
  const count = Array.isArray(events) ? Math.max(events.length, 1) : 1;
  await deps.store.countRejected(count).catch((error) => deps.onStoreError?.(error));
}
