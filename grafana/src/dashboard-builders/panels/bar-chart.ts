/** Bar charts of a table: one bar per row, its numeric columns stacked. */
import { LegendDisplayMode, LegendPlacement, StackingMode, VizLegendOptionsBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/barchart';
import { withBasics, type PanelBasics } from '../panel-basics';

export interface BarChartOptions extends PanelBasics {
  /** The column naming the bars; Grafana takes the first text column without it. */
  readonly xField?: string;
}

export function stackedBarChartPanel(options: BarChartOptions): PanelBuilder {
  const panel = withBasics(new PanelBuilder(), options);
  if (options.xField !== undefined) panel.xField(options.xField);
  return panel
    .stacking(StackingMode.Normal)
    .orientation(VizOrientation.Horizontal)
    .fillOpacity(80)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom));
}
