/** The forecast endpoint's answer in the original design's shape, from what pulse-forecaster said. */
import type { ForecasterForecast } from './forecaster-client';

/** 0.925 → 92.5: the design gives accuracy in percent, one decimal. */
const percent = (fraction: number | null): number | null => (fraction === null ? null : Math.round(fraction * 1000) / 10);

export function renderForecast(forecast: ForecasterForecast, context: { readonly project: string; readonly metricType: string; readonly days: number }) {
  const forecasts = forecast.forecasts.map((day) => ({
    metric_type: context.metricType,
    forecast_date: `${day.forecast_date.slice(0, 10)}T00:00:00Z`,
    predicted_value: day.predicted_value,
    confidence_low: day.confidence_low,
    confidence_high: day.confidence_high,
    model: day.model,
    accuracy: percent(day.accuracy),
  }));
  return {
    project_id: context.project,
    forecasts,
    count: forecasts.length,
    metric: context.metricType,
    days: context.days,
    regions: forecast.regions,
    generated_at: forecast.generated_at,
  };
}
