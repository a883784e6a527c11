/**
 * Asks pulse-forecaster for a project's forecast (its GET /api/v1/forecast) and turns every way
 * of not getting one into a reason: none configured, unreachable, too slow, no forecast yet.
 */
import type { UsageType } from '../../../common/metrics/catalogue';
import type { ForecasterSettings } from '../config/model';

/** One day as pulse-forecaster answers it; `accuracy` is 1 − MASE of the chosen model's backtest, floored at 0. */
export interface ForecasterDay {
  readonly forecast_date: string;
  readonly predicted_value: number | null;
  readonly confidence_low: number | null;
  readonly confidence_high: number | null;
  readonly model: string;
  readonly accuracy: number | null;
}

export interface ForecasterForecast {
  readonly regions: readonly string[];
  readonly generated_at: string;
  readonly forecasts: readonly ForecasterDay[];
}

export type ForecastAnswer = { readonly ok: true; readonly forecast: ForecasterForecast } | { readonly ok: false; readonly reason: string };

export interface ForecastRequest {
  readonly project: string;
  readonly usageType: UsageType;
  readonly days: number;
}

function reasonOf(error: unknown, timeoutMs: number): string {
  if ((error as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  let deepest = error as Error & { cause?: unknown };
  while (deepest.cause instanceof Error) deepest = deepest.cause as typeof deepest;
  return deepest.message;
}

export async function askForecaster(settings: ForecasterSettings | undefined, request: ForecastRequest): Promise<ForecastAnswer> {
  if (!settings) return { ok: false, reason: 'no forecaster is configured (forecaster.url in pulse.yml)' };
  const query = new URLSearchParams({ metric: request.usageType, project: request.project, days: String(request.days) });
  let response: Response;
  let body: { error?: string } & Partial<ForecasterForecast>;
  try {
    response = await fetch(`${settings.url}/api/v1/forecast?${query}`, { signal: AbortSignal.timeout(settings.timeoutMs) });
    body = (await response.json()) as typeof body;
  } catch (error) {
    return { ok: false, reason: `the forecaster at ${settings.url} did not answer: ${reasonOf(error, settings.timeoutMs)}` };
  }
  if (response.status === 404) return { ok: false, reason: `no forecast yet for ${request.usageType} of project "${request.project}": the forecaster has no long enough history of it` };
  if (!response.ok || !Array.isArray(body.forecasts)) {
    return { ok: false, reason: `the forecaster answered HTTP ${response.status}: ${body.error ?? 'no forecasts in its answer'}` };
  }
  return { ok: true, forecast: { regions: body.regions ?? [], generated_at: body.generated_at ?? '', forecasts: body.forecasts } };
}
