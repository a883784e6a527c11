/**
 * The candidate models for a series, by name. Adding a model is one file and one entry here.
 * Seasonal naive comes once per seasonal period (and as plain naive), so "same hour yesterday"
 * and "same hour last week" compete as separate baselines.
 */
import type { Augurs } from './augurs';
import { createDampedTrendModel } from './damped-trend';
import { createLinearTrendModel } from './linear-trend';
import { createMstlEtsModel } from './mstl-ets';
import { createSeasonalNaiveModel } from './seasonal-naive';
import { createThetaModel } from './theta';
import type { Model } from './types';

export type ModelKind = 'naive' | 'snaive' | 'linear' | 'theta' | 'damped' | 'mstl-ets';

type ModelFactory = (options: { periods: readonly number[]; augurs: Augurs }) => Model[];

export const MODEL_FACTORIES: Readonly<Record<ModelKind, ModelFactory>> = {
  naive: () => [createSeasonalNaiveModel({ period: 1 })],
  snaive: ({ periods }) => periods.map((period) => createSeasonalNaiveModel({ period })),
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
 * the seasonal naive at the longest season (plain naive without one) and MSTL-ETS.
 */
export function defaultCombination(periods: readonly number[]): string[] {
  const longest = periods[periods.length - 1];
  return [longest === undefined ? 'naive' : `snaive-${longest}`, 'mstl-ets'];
}

export function modelNamed(models: readonly Model[], name: string): Model {
  const model = models.find((entry) => entry.name === name);
  if (!model) throw new Error(`unknown model "${name}"`);
  return model;
}
