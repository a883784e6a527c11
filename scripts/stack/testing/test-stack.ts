/**
 * The whole local stack for end-to-end tests: free ports, a temporary folder, 90 days of
 * backfilled usage, and shorter intervals (probes and scrapes every 2 s, Alertmanager grouping in
 * seconds) so a test takes minutes; the rules themselves are the generated ones.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { freePort } from '../../../common/testing/free-port';
import { startStack, type ConfigName, type RunningStack } from '../run-stack';

export interface TestStackOptions {
  /** Forecast one project in one region only (the first run then takes seconds); every usage type stays. */
  readonly fewForecasts?: boolean;
  /** Probe as shipped (every 15 s, 5 s timeout) rather than every 2 s with a 1 s timeout. */
  readonly shippedProbes?: boolean;
  readonly progress?: (message: string) => void;
}

/** Faster intervals for tests; everything else as configured. */
function speedUp(options: TestStackOptions) {
  return (file: ConfigName, text: string): string => {
    const config = parse(text);
    if (file === 'forecaster.yml' && options.fewForecasts) Object.assign(config, { projects: 'demo-initech', regions: 'eu-west' });
    if (file === 'prometheus.yml') Object.assign(config.global, { scrape_interval: '2s', scrape_timeout: '1s', evaluation_interval: '2s' });
    if (file === 'alertmanager.yml') Object.assign(config.route, { group_wait: '1s', group_interval: '5s' });
    if (file === 'pulse.yml' && !options.shippedProbes) config.defaults.probe = { interval: '2s', timeout: '1s' };
    return stringify(config);
  };
}

export async function startTestStack(options: TestStackOptions = {}): Promise<RunningStack> {
  const ports = { prometheus: await freePort(), alertmanager: await freePort(), redis: await freePort(), exporter: await freePort(), forecaster: await freePort(), notifications: await freePort() };
  return startStack({ dir: mkdtempSync(join(tmpdir(), 'pulse-stack-')), ports, backfillDays: 90, tweak: speedUp(options), progress: options.progress });
}

export interface RangeAnswer {
  readonly status: string;
  readonly error?: string;
  readonly data?: { readonly result: unknown[] };
}

/** From an hour ago to 8 days ahead: forecast panels draw `offset <horizon>` into the future. */
export async function rangeQuery(stack: RunningStack, query: string): Promise<RangeAnswer> {
  const now = Date.now() / 1000;
  const params = new URLSearchParams({ query, start: String(now - 3600), end: String(now + 8 * 86_400), step: '120' });
  return (await (await fetch(`${stack.urls.prometheus}/api/v1/query_range?${params}`)).json()) as RangeAnswer;
}

/** An instant query against the stack's Prometheus. */
export async function promQuery(stack: RunningStack, query: string): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> {
  const response = await fetch(`${stack.urls.prometheus}/api/v1/query?${new URLSearchParams({ query })}`);
  const body = (await response.json()) as { status: string; data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> } };
  if (body.status !== 'success') throw new Error(`query failed: ${query}`);
  return body.data.result;
}
