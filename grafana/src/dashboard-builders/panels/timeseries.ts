/** Time series: lines by default, or bars (hourly and daily totals), optionally stacked. */
import { GraphDrawStyle, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, LegendDisplayMode, LegendPlacement, SortOrder, StackingConfigBuilder, StackingMode, TooltipDisplayMode, VizLegendOptionsBuilder, VizTooltipOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { withBasics, type PanelBasics } from '../panel-basics';

export interface TimeseriesOptions extends PanelBasics {
  readonly style?: 'lines' | 'bars' | 'stacked-lines' | 'stacked-bars';
  /** A legend table with the last and largest value of each series, for panels with many series. */
  readonly legendTable?: boolean;
  /** Draw the thresholds as dashed lines (where an alert starts). */
  readonly thresholdLines?: boolean;
  readonly fillOpacity?: number;
}

export function timeseriesPanel(options: TimeseriesOptions): PanelBuilder {
  const panel = withBasics(new PanelBuilder(), options);
  const style = options.style ?? 'lines';
  const bars = style === 'bars' || style === 'stacked-bars';
  panel.drawStyle(bars ? GraphDrawStyle.Bars : GraphDrawStyle.Line).fillOpacity(options.fillOpacity ?? (bars ? 80 : 10)).lineWidth(bars ? 1 : 2);
  if (style.startsWith('stacked')) panel.stacking(new StackingConfigBuilder().mode(StackingMode.Normal));
  if (options.thresholdLines) panel.thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed));
  const legend = new VizLegendOptionsBuilder().showLegend(true).placement(LegendPlacement.Bottom);
  if (options.legendTable) legend.displayMode(LegendDisplayMode.Table).calcs(['lastNotNull', 'max']).sortBy('Last *').sortDesc(true);
  else legend.displayMode(LegendDisplayMode.List);
  return panel.legend(legend).tooltip(new VizTooltipOptionsBuilder().mode(TooltipDisplayMode.Multi).sort(SortOrder.Descending));
}
