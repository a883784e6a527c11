/** Horizontal bar gauges: the latest value of many series side by side (top projects, budgets). */
import { BarGaugeDisplayMode, ReduceDataOptionsBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/bargauge';
import { withBasics, type PanelBasics } from '../panel-basics';

export function barGaugePanel(options: PanelBasics): PanelBuilder {
  return withBasics(new PanelBuilder(), options)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .displayMode(BarGaugeDisplayMode.Gradient)
    .orientation(VizOrientation.Horizontal)
    .showUnfilled(true);
}
