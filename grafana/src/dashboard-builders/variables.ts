/**
 * Dashboard variables: the data source, label filters read from Prometheus (several values or
 * All, which becomes the regex `.*` so queries stay short), and fixed lists.
 */
import { CustomVariableBuilder, DatasourceVariableBuilder, QueryVariableBuilder, TextBoxVariableBuilder, VariableRefresh, VariableSort } from '@grafana/grafana-foundation-sdk/dashboard';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { VariableModel } from '@grafana/grafana-foundation-sdk/dashboard';
import { DATASOURCE_REF, DATASOURCE_VARIABLE, PULSE_DATASOURCE_NAME, PULSE_DATASOURCE_UID } from '../datasource';

export type VariableBuilder = cog.Builder<VariableModel>;

/** What All stands for in queries: every value, including series without the label. */
export const ALL_VALUE = '.*';

export function datasourceVariable(): VariableBuilder {
  return new DatasourceVariableBuilder(DATASOURCE_VARIABLE)
    .label('Data source')
    .type('prometheus')
    .current({ text: PULSE_DATASOURCE_NAME, value: PULSE_DATASOURCE_UID });
}

export interface LabelVariableOptions {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  /** A series selector whose values of `labelName` are offered ("pulse_region_info"). */
  readonly series: string;
  readonly labelName: string;
}

/** Values of a label, several at once or All; refreshed with the time range, sorted. */
export function labelVariable(options: LabelVariableOptions): VariableBuilder {
  const query = `label_values(${options.series}, ${options.labelName})`;
  return new QueryVariableBuilder(options.name)
    .label(options.label)
    .description(options.description)
    .datasource(DATASOURCE_REF)
    .query(query)
    .definition(query)
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc)
    .multi(true)
    .includeAll(true)
    .allValue(ALL_VALUE)
    .current({ text: 'All', value: '$__all' });
}

export interface ListVariableOptions {
  readonly name: string;
  readonly label: string;
  readonly description: string;
  readonly values: readonly string[];
  /** One value to begin with (else the first); without it, several values or All, like a label variable. */
  readonly selected?: string;
  readonly multi?: boolean;
}

/** Values from a fixed list: one at a time, or (`multi`) several or All. */
export function listVariable(options: ListVariableOptions): VariableBuilder {
  const variable = new CustomVariableBuilder(options.name).label(options.label).description(options.description).values(options.values.join(','));
  if (options.multi) return variable.multi(true).includeAll(true).allValue(ALL_VALUE).current({ text: 'All', value: '$__all' });
  const selected = options.selected ?? options.values[0];
  if (!options.values.includes(selected)) throw new Error(`variable ${options.name}: ${selected} is not one of ${options.values.join(', ')}`);
  return variable.multi(false).includeAll(false).current({ text: selected, value: selected });
}

/** Free text with a default, for addresses that differ between installations. */
export function textVariable(options: { name: string; label: string; description: string; value: string }): VariableBuilder {
  return new TextBoxVariableBuilder(options.name)
    .label(options.label)
    .description(options.description)
    .defaultValue(options.value)
    .current({ text: options.value, value: options.value });
}
