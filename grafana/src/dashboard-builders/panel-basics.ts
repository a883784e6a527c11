/**
 * What every Pulse panel must say, whatever its kind: a title, a description, a unit and its
 * queries. The kind-specific builders take these through one function, so a panel without a unit
 * or a description does not compile.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import type { DataTransformerConfig, DynamicConfigValue, ThresholdsConfig, ValueMapping } from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE_REF } from '../datasource';
import { prometheusTarget, type QuerySpec } from './query';
import { thresholdSteps, type ThresholdStep } from './thresholds';

export interface PanelBasics {
  readonly title: string;
  readonly description: string;
  /** A Grafana unit id (@grafana/grafana-foundation-sdk/units), or "suffix:…" for a custom one. */
  readonly unit: string;
  readonly queries: readonly QuerySpec[];
  /** Grid width (of 24) and height; Grafana's defaults otherwise. */
  readonly width?: number;
  readonly height?: number;
  /**
   * What an empty result means when it is a normal state ("No alert is firing"). Shown instead of
   * "No data"; the end-to-end test lets exactly these panels come back empty.
   */
  readonly whenEmpty?: string;
  readonly decimals?: number;
  readonly min?: number;
  readonly max?: number;
  /** Colour steps: the first is the base colour, the others start at their value. */
  readonly thresholds?: readonly ThresholdStep[];
  readonly mappings?: readonly ValueMapping[];
  readonly transformations?: readonly DataTransformerConfig[];
  /** Field overrides by display name ("Value #B", a legend). */
  readonly overrides?: readonly { readonly field: string; readonly properties: readonly DynamicConfigValue[] }[];
  /** Fixed time range for this panel only ("30d"), whatever the dashboard's. */
  readonly timeFrom?: string;
}

/** The builder methods every foundation-SDK panel builder has; kind-specific ones come on top. */
export interface CommonPanelBuilder {
  title(title: string): this;
  description(description: string): this;
  unit(unit: string): this;
  datasource(datasource: DataSourceRef): this;
  withTarget(target: cog.Builder<cog.Dataquery>): this;
  span(width: number): this;
  height(height: number): this;
  noValue(text: string): this;
  decimals(decimals: number): this;
  min(min: number): this;
  max(max: number): this;
  thresholds(thresholds: cog.Builder<ThresholdsConfig>): this;
  mappings(mappings: ValueMapping[]): this;
  withTransformation(transformation: DataTransformerConfig): this;
  overrideByName(name: string, properties: DynamicConfigValue[]): this;
  timeFrom(timeFrom: string): this;
}

export function withBasics<B extends CommonPanelBuilder>(builder: B, basics: PanelBasics): B {
  builder.title(basics.title).description(basics.description).unit(basics.unit).datasource(DATASOURCE_REF);
  basics.queries.forEach((query, index) => builder.withTarget(prometheusTarget(query, index)));
  if (basics.width !== undefined) builder.span(basics.width);
  if (basics.height !== undefined) builder.height(basics.height);
  if (basics.whenEmpty !== undefined) builder.noValue(basics.whenEmpty);
  if (basics.decimals !== undefined) builder.decimals(basics.decimals);
  if (basics.min !== undefined) builder.min(basics.min);
  if (basics.max !== undefined) builder.max(basics.max);
  if (basics.thresholds !== undefined) builder.thresholds(thresholdSteps(basics.thresholds));
  if (basics.mappings !== undefined) builder.mappings([...basics.mappings]);
  for (const transformation of basics.transformations ?? []) builder.withTransformation(transformation);
  for (const override of basics.overrides ?? []) builder.overrideByName(override.field, [...override.properties]);
  if (basics.timeFrom !== undefined) builder.timeFrom(basics.timeFrom);
  return builder;
}
