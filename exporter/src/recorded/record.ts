/**
 * Recording a project's own values: validation → the project's limits → one atomic store write
 * (which also draws the request's rate limit) → the answer, as data. The project guard has already
 * authenticated and authorised.
 */
import type { PulseConfig } from '../config/model';
import { badRequest, type FieldProblem } from '../api/request-body';
import { StoreFullError } from '../store/store-full';
import type { LimitedRecordOutcome, Store } from '../store/types';
import { consumeProjectRequest, projectRequestLimit, rateAnswer, type RateDecision } from '../usage/project-rate-limit';
import { DEFAULT_MAX_NAMES, DEFAULT_MAX_SERIES, exposedName, RECORDED_BUCKETS, type RecordedLimits, type RecordedMetric, type RecordOutcome } from './model';
import { describeDefinition, validateRecorded } from './validate';

export interface RecordAnswer {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RecordDeps {
  readonly config: PulseConfig;
  readonly store: Store;
  readonly onStoreError?: (error: unknown) => void;
  /** The rate limit's own draw failed (a body refused before the store write draws it alone). */
  readonly onRateLimitStoreError?: () => void;
}

/** Who records: the project, and its API rate limit, drawn here for the request (project-guard.ts left it). */
export interface RecordRequest {
  readonly project: string;
  readonly rateLimitPerMinute: number;
}

/** A declared project's configured limits, else the defaults (pattern projects too). */
export function recordedLimitsOf(config: PulseConfig, project: string): RecordedLimits {
  return config.projects.find((p) => p.id === project)?.recordedLimits ?? { maxNames: DEFAULT_MAX_NAMES, maxSeries: DEFAULT_MAX_SERIES };
}

const rateRefused = (rate: Exclude<RateDecision, { ok: true }>): RecordAnswer => ({ status: rate.status, body: { error: rate.error }, headers: { 'Retry-After': rate.retryAfter } });

/**
 * The request draws on the project's rate limit whatever its body: a valid batch in its store
 * write (one round trip), a refused body on its own — and the limit answers first, as it does
 * for every other analytics request. No async function: the body and the metrics are not kept
 * through the store's round trip, only what the answer needs (store/redis-recorded.ts says why).
 */
export function recordValues(deps: RecordDeps, request: RecordRequest, body: unknown): Promise<RecordAnswer> {
  const validation = validateRecorded(body);
  if (!validation.ok) return refusedBody(deps, request, validation.problems);
  const { metrics, summaries } = validation;
  const answer: AnswerParts = { bulk: metrics.length > 1 || (typeof body === 'object' && body !== null && 'metrics' in body), exposed: exposedNames(metrics), summaries };
  const { project, rateLimitPerMinute } = request;
  let written: Promise<LimitedRecordOutcome>;
  try {
    written = deps.store.recordMetricsWithinLimits(project, metrics, recordedLimitsOf(deps.config, project), deps.config.usage.idempotencyWindowMs, projectRequestLimit(project, rateLimitPerMinute, Date.now()));
  } catch (error) {
    written = Promise.reject(error);
  }
  return answerWritten(deps, request, written, answer);
}

async function refusedBody(deps: RecordDeps, { project, rateLimitPerMinute }: RecordRequest, problems: readonly FieldProblem[]): Promise<RecordAnswer> {
  const rate = await consumeProjectRequest(deps.store, project, rateLimitPerMinute, () => deps.onRateLimitStoreError?.());
  if (!rate.ok) return rateRefused(rate);
  return { status: 400, body: { ...badRequest(problems), error: `invalid metrics, nothing recorded: ${badRequest(problems).error.replace(/^invalid request: /, '')}` } };
}

/** What the answer says of the batch itself: whether it was a bulk body, the families written, the summaries. */
interface AnswerParts {
  readonly bulk: boolean;
  readonly exposed: readonly string[];
  readonly summaries: number;
}

async function answerWritten(deps: RecordDeps, { project, rateLimitPerMinute }: RecordRequest, written: Promise<LimitedRecordOutcome>, { bulk, exposed, summaries }: AnswerParts): Promise<RecordAnswer> {
  let outcome: RecordOutcome;
  try {
    const limited = await written;
    if ('refused' in limited) return rateRefused(rateAnswer(limited.refused.decision, project, rateLimitPerMinute) as Exclude<RateDecision, { ok: true }>);
    outcome = limited.recorded;
  } catch (error) {
    deps.onStoreError?.(error);
    if (error instanceof StoreFullError) return { status: 503, body: { error: `${error.message}; retry with the same ids` }, headers: { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) } };
    return { status: 503, body: { error: 'the store is unavailable, nothing acknowledged; retry with the same ids' }, headers: { 'Retry-After': '1' } };
  }
  if (!outcome.ok) return refused(outcome, bulk);
  return {
    status: 200,
    body: {
      accepted: outcome.accepted,
      duplicates: outcome.duplicates.length,
      duplicate_ids: outcome.duplicates,
      exposed,
      ...(summaries > 0 ? { note: `${summaries} summary value(s) stored as histogram observations (buckets ${RECORDED_BUCKETS.join(', ')}, +Inf): Prometheus cannot aggregate summaries across replicas` } : {}),
    },
  };
}

/** Each family the batch wrote to, once, in the order first named (a name has one type in a batch). */
function exposedNames(metrics: readonly RecordedMetric[]): string[] {
  const types = new Map<string, RecordedMetric['type']>();
  for (const m of metrics) if (!types.has(m.name)) types.set(m.name, m.type);
  return [...types].map(([name, type]) => exposedName(name, type));
}

function refused(outcome: Exclude<RecordOutcome, { ok: true }>, bulk: boolean): RecordAnswer {
  if (outcome.refusal === 'definition') {
    const field = bulk ? `metrics[${outcome.index}]` : 'name';
    const message = `the name is already ${describeDefinition(outcome.stored)}: a name keeps its type, category and label names`;
    return { status: 400, body: { error: `invalid metrics, nothing recorded: ${field}: ${message}`, problems: [{ field, message }] } };
  }
  const what = outcome.refusal === 'names' ? 'metric names' : 'series';
  const key = outcome.refusal === 'names' ? 'max_names' : 'max_series';
  return {
    status: 422,
    body: { error: `limit of ${outcome.limit} ${what} per project reached (recorded_metrics.${key}): the project has ${outcome.current} and this batch adds ${outcome.adding}; nothing recorded`, limit: key, max: outcome.limit, current: outcome.current, adding: outcome.adding },
  };
}
