/**
 * What the forecaster serves between runs: the last successful run's results (kept, with their
 * age, while Prometheus is unreachable), the health of the source, and the schedule with backoff.
 */
import type { Logger } from '../../../common/log';
import { SourceError } from './prometheus-source';
import { runForecasts, type RunDeps, type RunResult } from './run-forecasts';

export interface ForecasterState {
  latest(): RunResult | undefined;
  sourceUp(): boolean;
  lastRunMs(): number | undefined;
  lastRunDurationMs(): number | undefined;
  runs(): { success: number; source_error: number };
  /** Runs now unless a run is in progress (then waits for it). */
  runNow(): Promise<RunResult | undefined>;
  start(): void;
  stop(): void;
}

export function createForecasterState(deps: RunDeps & { readonly log: Logger; readonly retryBaseMs?: number }): ForecasterState {
  let latest: RunResult | undefined;
  let sourceUp = false;
  let lastRunMs: number | undefined;
  let lastRunDurationMs: number | undefined;
  const counts = { success: 0, source_error: 0 };
  let running: Promise<RunResult | undefined> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  async function run(): Promise<RunResult | undefined> {
    const started = deps.nowMs();
    try {
      const result = await runForecasts(deps);
      latest = result;
      sourceUp = true;
      failures = 0;
      counts.success++;
      const skipped = result.series.filter((s) => s.result.status === 'skipped').length;
      deps.log.info({ series: result.series.length, skipped, ms: result.durationMs }, 'forecasts updated');
      return result;
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      sourceUp = false;
      failures++;
      counts.source_error++;
      deps.log.warn({ err: error.message, failures }, 'Prometheus unreachable; serving the last forecasts');
      return undefined;
    } finally {
      lastRunMs = deps.nowMs();
      lastRunDurationMs = lastRunMs - started;
    }
  }

  function schedule(delayMs: number): void {
    timer = setTimeout(async () => {
      await runNow().catch((error) => deps.log.error({ err: error }, 'forecasting run failed'));
      // Back off while Prometheus is unreachable: 5 s, 10 s, 20 s … up to the schedule.
      const next = failures > 0 ? Math.min(deps.config.scheduleMs, (deps.retryBaseMs ?? 5000) * 2 ** (failures - 1)) : deps.config.scheduleMs;
      schedule(next);
    }, delayMs);
    timer.unref();
  }

  function runNow(): Promise<RunResult | undefined> {
    running ??= run().finally(() => (running = undefined));
    return running;
  }

  return {
    latest: () => latest,
    sourceUp: () => sourceUp,
    lastRunMs: () => lastRunMs,
    lastRunDurationMs: () => lastRunDurationMs,
    runs: () => ({ ...counts }),
    runNow,
    start: () => schedule(0),
    stop: () => clearTimeout(timer),
  };
}
