/**
 * MSTL (Bandara, Hyndman & Bergmeir, 2021: STL repeated for each seasonal period) with an
 * automatically chosen ETS model for the deseasonalised rest, from augurs. Without a usable
 * season it is AutoETS alone. Outliers are cleaned first (./clean-outliers.ts).
 *
 * The calendar offers the day and the week; a longer season is decomposed only where the
 * history shows it (the autocorrelation test of ./seasonal-adjustment.ts), since a weekly
 * component fitted to a temperature's weather is noise carried into every forecast
 * (prophet-yosemite hourly: MSTL-ETS 1.19 → 1.12 × the seasonal naive's MASE). The shortest
 * season is always kept: in a short window the test can miss a smooth daily cycle
 * (mscloud-ingress, 11 days, fell from 0.998 to 1.059 when the day had to pass it too).
 */
import { cleanOutliers } from './clean-outliers';
import { isSeasonal } from './seasonal-adjustment';
import type { Augurs } from './augurs';
import type { Model } from './types';

/** MSTL needs two full cycles of every period it decomposes. */
const MIN_CYCLES = 2;

export function createMstlEtsModel(options: { augurs: Augurs }): Model {
  const { augurs } = options;
  return {
    name: 'mstl-ets',
    fit(raw, context) {
      const history = cleanOutliers(raw, context.periods);
      const periods = context.periods.filter(
        (period, index) => history.length >= MIN_CYCLES * period && (index === 0 || isSeasonal(history, period)),
      );
      // Usage varies in proportion to its level (a weekend is 40 % down, not 400 requests
      // down) but STL is additive, so positive series are decomposed in logarithms.
      const useLog = history.every((value) => value > 0);
      const input = useLog ? history.map(Math.log) : history;
      const fitted = periods.length > 0
        ? withMstl(augurs, periods, input, context.horizon)
        : withAutoEts(augurs, input, context.horizon);
      const point = useLog ? fitted.map(Math.exp) : fitted;
      if (point.length !== context.horizon || !point.every(Number.isFinite)) {
        throw new Error('mstl-ets produced a non-finite forecast');
      }
      return { point };
    },
  };
}

function withMstl(augurs: Augurs, periods: readonly number[], history: readonly number[], horizon: number): number[] {
  const model = augurs.MSTL.ets(Uint32Array.from(periods));
  try {
    model.fit(Float64Array.from(history));
    return [...model.predict(horizon).point];
  } finally {
    model.free();
  }
}

function withAutoEts(augurs: Augurs, history: readonly number[], horizon: number): number[] {
  const model = new augurs.AutoETS(1, 'ZZN');
  try {
    model.fit(Float64Array.from(history));
    return [...model.predict(horizon).point];
  } finally {
    model.free();
  }
}
