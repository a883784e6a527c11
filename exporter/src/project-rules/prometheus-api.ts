/**
 * The calls the run-time rules make to Prometheus: reload (`POST /-/reload`, which needs
 * Prometheus started with --web.enable-lifecycle), the loaded rule groups, and instant queries.
 * Every call has a timeout; failures say which Prometheus and why.
 */
export interface PrometheusApi {
  reload(): Promise<void>;
  /** Names of the loaded rule groups with the file each came from. */
  ruleGroups(): Promise<Array<{ name: string; file: string; rules: Array<{ name: string; state?: string; labels?: Record<string, string> }> }>>;
  /** An instant vector query: each series' labels and value. */
  query(promql: string): Promise<Array<{ labels: Record<string, string>; value: number }>>;
}

export const PROMETHEUS_TIMEOUT_MS = 5_000;

export function createPrometheusApi(url: string, timeoutMs = PROMETHEUS_TIMEOUT_MS): PrometheusApi {
  async function call(path: string, init: RequestInit = {}): Promise<string> {
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${url}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
      text = await response.text();
    } catch (error) {
      const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs / 1000} s` : String((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      throw new Error(`Prometheus at ${url}: ${path}: ${reason}`, { cause: error });
    }
    if (!response.ok) throw new Error(`Prometheus at ${url}: ${path}: HTTP ${response.status}: ${text.slice(0, 200).trim()}`);
    return text;
  }
  async function data<T>(path: string, init?: RequestInit): Promise<T> {
    const answer = JSON.parse(await call(path, init)) as { status: string; data: T; error?: string };
    if (answer.status !== 'success') throw new Error(`Prometheus at ${url}: ${path}: ${answer.error ?? 'not a success'}`);
    return answer.data;
  }
  return {
    async reload() {
      await call('/-/reload', { method: 'POST' });
    },
    async ruleGroups() {
      return (await data<{ groups: Awaited<ReturnType<PrometheusApi['ruleGroups']>> }>('/api/v1/rules')).groups;
    },
    async query(promql) {
      const result = await data<{ resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> }>('/api/v1/query', {
        method: 'POST',
        body: new URLSearchParams({ query: promql }),
      });
      return result.result.map((s) => ({ labels: s.metric, value: Number(s.value[1]) }));
    },
  };
}
