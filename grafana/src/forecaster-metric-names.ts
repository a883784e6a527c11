/**
 * Names the forecaster will publish but the catalogue does not define yet. They are assumed here,
 * in this one file, so the dashboards can be built while pulse-forecaster is being written: when
 * the forecaster lands and adds them to common/metrics/catalogue.ts, replace each string with the
 * catalogue entry and delete this file. The forecast series themselves (pulse_forecast,
 * pulse_forecast_anomaly, pulse_forecast_days_until_limit) already come from the catalogue.
 */
export const forecasterMetricNames = {
  /** Mean absolute scaled error of each candidate model in the rolling-origin backtest; labels metric, project, region, model. */
  backtestMase: 'pulse_forecast_backtest_mase',
  /** Share of backtest actuals inside the 95 % band; labels metric, project, region, model. */
  backtestCoverage: 'pulse_forecast_backtest_coverage_ratio',
  /** Always 1; the model chosen for a series; labels metric, project, region, model. */
  selectedModelInfo: 'pulse_forecast_selected_model_info',
  lastRunTimestamp: 'pulse_forecaster_last_run_timestamp_seconds',
  lastRunDuration: 'pulse_forecaster_last_run_duration_seconds',
  /** Whether the Prometheus the forecaster reads answers (1) or not (0). */
  sourceUp: 'pulse_forecaster_source_up',
} as const;


/** The quantiles of `pulse_forecast`: the 95 % band and its median. */
export const FORECAST_QUANTILES = { lower: '0.025', median: '0.5', upper: '0.975' } as const;

/** The horizons the forecaster publishes (`horizon` label), nearest first. */
export const FORECAST_HORIZONS = ['1d', '7d', '30d', '90d'] as const;
