/**
 * Exponential smoothing recursions (Hyndman et al., "Forecasting with Exponential Smoothing",
 * 2008) with parameters chosen by least squares over a fixed grid: deterministic, fast
 * (no iterative optimiser), and fine enough for forecasts a few weeks out.
 */
const ALPHAS = [0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99];
/** β* of the component form: the trend moves by this share of each change in level. */
const BETA_STARS = [0.01, 0.05, 0.1, 0.2, 0.5];
const PHIS = [0.8, 0.85, 0.9, 0.95, 0.98];

export interface SesFit {
  readonly level: number;
  readonly alpha: number;
}

export function fitSimpleExponentialSmoothing(values: readonly number[]): SesFit {
  let best: SesFit & { sse: number } = { level: values[values.length - 1], alpha: 1, sse: Infinity };
  for (const alpha of ALPHAS) {
    let level = values[0];
    let sse = 0;
    for (let index = 1; index < values.length; index += 1) {
      const error = values[index] - level;
      sse += error * error;
      level += alpha * error;
    }
    if (sse < best.sse) best = { level, alpha, sse };
  }
  return { level: best.level, alpha: best.alpha };
}

export interface DampedTrendFit {
  readonly level: number;
  readonly trend: number;
  readonly phi: number;
}

/** Holt's linear method with a damped trend (Gardner & McKenzie, 1985). */
export function fitDampedTrend(values: readonly number[]): DampedTrendFit {
  const initialTrend = initialSlope(values);
  let best: DampedTrendFit & { sse: number } = { level: values[values.length - 1], trend: 0, phi: 0.9, sse: Infinity };
  for (const alpha of ALPHAS) {
    for (const betaStar of BETA_STARS) {
      for (const phi of PHIS) {
        let level = values[0];
        let trend = initialTrend;
        let sse = 0;
        for (let index = 1; index < values.length; index += 1) {
          const predicted = level + phi * trend;
          const error = values[index] - predicted;
          sse += error * error;
          const nextLevel = predicted + alpha * error;
          trend = phi * trend + betaStar * (nextLevel - level - phi * trend);
          level = nextLevel;
        }
        if (sse < best.sse) best = { level, trend, phi, sse };
      }
    }
  }
  return { level: best.level, trend: best.trend, phi: best.phi };
}

export function dampedTrendForecast(fit: DampedTrendFit, horizon: number): number[] {
  const point: number[] = [];
  let damping = 0;
  for (let step = 1; step <= horizon; step += 1) {
    damping += fit.phi ** step;
    point.push(fit.level + damping * fit.trend);
  }
  return point;
}

/** The mean slope over the first few points, steadier than the first difference alone. */
function initialSlope(values: readonly number[]): number {
  const span = Math.min(values.length - 1, 10);
  return span <= 0 ? 0 : (values[span] - values[0]) / span;
}
