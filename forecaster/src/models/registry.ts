/**
 * The candidate models for a series, by name. Adding a model is one file and one entry here.
 * Seasonal naive comes once per seasonal period (and as plain naive), so "same hour yesterday"
 * and "same hour last week" compete as separate baselines.
 */
import type { Augurs } from './augurs';
import { createDampedTrendModel } from './damped-trend';
import { createLinearTrendModel } from './linear-trend';
import { createMstlEtsModel } from './mstl-ets';
import { createSeasonalArModel } from './seasonal-ar';
import { createSeasonalAverageModel } from './seasonal-average';
import { createSeasonalNaiveModel } from './seasonal-naive';
import { createThetaModel } from './theta';
import type { Model } from './types';

export type ModelKind = 'naive' | 'snaive' | 'savg' | 'sar' | 'linear' | 'theta' | 'damped' | 'mstl-ets';

type ModelFactory = (options: { periods: readonly number[]; augurs: Augurs }) => Model[];

export const MODEL_FACTORIES: Readonly<Record<ModelKind, ModelFactory>> = {
  naive: () => [createSeasonalNaiveModel({ period: 1 })],
  snaive: ({ periods }) => periods.map((period) => createSeasonalNaiveModel({ period })),
  savg: ({ periods }) => periods.map((period) => createSeasonalAverageModel({ period })),
  sar: ({ periods }) => periods.map((period) => createSeasonalArModel({ period })),
  linear: () => [createLinearTrendModel()],
  theta: () => [createThetaModel()],
  damped: () => [createDampedTrendModel()],
  'mstl-ets': ({ augurs }) => [createMstlEtsModel({ augurs })],
};

export const ALL_MODEL_KINDS = Object.keys(MODEL_FACTORIES) as ModelKind[];

export function candidateModels(options: {
  periods: readonly number[];
  augurs: Augurs;
  kinds?: readonly ModelKind[];
}): Model[] {
  const kinds = options.kinds ?? ALL_MODEL_KINDS;
  return kinds.flatMap((kind) => MODEL_FACTORIES[kind](options));
}

/**
 * The combination kept unless a backtest shows a clearly better one (see ../backtest/select.ts):
 * the seasonal average at the longest season (plain naive without one) and MSTL-ETS.
 */
export function defaultCombination(periods: readonly number[]): string[] {
  return defaultAlternatives(periods).map((alternatives) => alternatives[0]);
}

/**
 * The default's members with their alternatives, the first kept unless another is clearly better
 * (../backtest/select.ts): the seasonal member is the seasonal average at the longest season, or
 * the average, naive or seasonal AR at a season (a temperature has a day but no week, which the
 * calendar alone cannot tell, and its days carry the weather over: sar-24); the other is MSTL-ETS.
 */
export function defaultAlternatives(periods: readonly number[]): string[][] {
  const longestFirst = [...periods].reverse();
  const seasonal = longestFirst.length === 0 ? ['naive'] : longestFirst.flatMap((period) => [`savg-${period}`, `snaive-${period}`, `sar-${period}`]);
  return [seasonal, ['mstl-ets']];
}

export function modelNamed(models: readonly Model[], name: string): Model {
  const model = models.find((entry) => entry.name === name);
  if (!model) throw new Error(`unknown model "${name}"`);
  return model;
}
