/**
 * The one Prometheus query_range client (pulse export and pulse-forecaster both read through it):
 * POST /api/v1/query_range (a form body, so long matchers never hit URL length limits), and
 * GET /api/v1/label/<name>/values (which metric names exist; Prometheus takes no POST there), with a timeout, and failures told apart: Prometheus not reachable, Prometheus refusing the query, or
 * something else answering at that URL. Any Prometheus-compatible query API works.
 */

export interface RangeSeries {
  readonly labels: Readonly<Record<string, string>>;
  /** [evaluation time in Unix seconds, value text], as query_range returns them. */
  readonly values: ReadonlyArray<readonly [number, string]>;
}

export class PrometheusUnreachableError extends Error {
  override readonly name = 'PrometheusUnreachableError';
}

export class PrometheusApiError extends Error {
  override readonly name = 'PrometheusApiError';
}

export interface RangeQuery {
  readonly query: string;
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** Label values of the series that match `match` (a series selector) within the range. */
export interface LabelValuesQuery {
  readonly label: string;
  readonly match: string;
  readonly startMs: number;
  readonly endMs: number;
}

export interface PrometheusClient {
  queryRange(request: RangeQuery, signal?: AbortSignal): Promise<RangeSeries[]>;
  labelValues(request: LabelValuesQuery, signal?: AbortSignal): Promise<string[]>;
}

export interface PrometheusClientOptions {
  /** Base URL, possibly with a path prefix (http://host/prometheus). */
  readonly url: string;
  readonly timeoutMs: number;
  readonly fetch?: typeof fetch;
}

interface ApiAnswer {
  status?: string;
  errorType?: string;
  error?: string;
  data?: unknown;
}

/**
 * The lowest-level reason in a fetch failure: "connect ECONNREFUSED 127.0.0.1:9090" rather
 * than "fetch failed". Duck-typed, not instanceof: undici's errors may come from another realm.
 */
function reasonOf(error: unknown, timeoutMs: number): string {
  const isError = (value: unknown): value is Error => typeof value === 'object' && value !== null && typeof (value as Error).message === 'string';
  if (isError(error) && error.name === 'TimeoutError') return `no answer within ${timeoutMs / 1000} s`;
  let deepest: unknown = error;
  while (isError(deepest) && isError(deepest.cause)) deepest = deepest.cause;
  return (isError(deepest) && deepest.message) || String(error);
}

const seconds = (ms: number): string => String(ms / 1000);

export function createPrometheusClient({ url, timeoutMs, fetch: fetchFn = fetch }: PrometheusClientOptions): PrometheusClient {
  const base = url.replace(/\/+$/, '');

  /** Sends a form to one API path (POST as a body, GET as the query string); the answer's `data` once Prometheus said success. */
  async function send(method: 'GET' | 'POST', path: string, form: Record<string, string>, signal: AbortSignal | undefined): Promise<{ data: unknown; describe: () => string }> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      const params = new URLSearchParams(form);
      const target = method === 'GET' ? `${base}${path}?${params}` : `${base}${path}`;
      response = await fetchFn(target, { method, body: method === 'POST' ? params : undefined, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new PrometheusUnreachableError(`cannot reach Prometheus at ${url}: ${reasonOf(error, timeoutMs)}`, { cause: error });
    }
    let answer: ApiAnswer;
    try {
      answer = JSON.parse(text) as ApiAnswer;
    } catch {
      throw new PrometheusApiError(`${url} answered HTTP ${response.status} without a Prometheus API response (is --prometheus.url right?): ${text.slice(0, 200).trim()}`);
    }
    if (answer.status === 'error') {
      throw new PrometheusApiError(`Prometheus at ${url} refused the query: ${answer.errorType ?? 'error'}: ${answer.error ?? 'no reason given'}`);
    }
    const describe = () => `${url} answered HTTP ${response.status} with an unexpected body (is --prometheus.url right?): ${text.slice(0, 200).trim()}`;
    if (answer.status !== 'success') throw new PrometheusApiError(describe());
    return { data: answer.data, describe };
  }

  return {
    async queryRange({ query, startMs, endMs, stepMs }, signal) {
      const { data, describe } = await send('POST', '/api/v1/query_range', { query, start: seconds(startMs), end: seconds(endMs), step: seconds(stepMs) }, signal);
      const matrix = data as { resultType?: string; result?: Array<{ metric?: Record<string, string>; values?: Array<[number, string]> }> } | undefined;
      const result = matrix?.result;
      if (matrix?.resultType !== 'matrix' || !Array.isArray(result)) throw new PrometheusApiError(describe());
      return result.map((series) => ({ labels: series.metric ?? {}, values: series.values ?? [] }));
    },

    async labelValues({ label, match, startMs, endMs }, signal) {
      const { data, describe } = await send('GET', `/api/v1/label/${encodeURIComponent(label)}/values`, { 'match[]': match, start: seconds(startMs), end: seconds(endMs) }, signal);
      if (!Array.isArray(data) || !data.every((value) => typeof value === 'string')) throw new PrometheusApiError(describe());
      return data;
    },
  };
}
