/** State timelines: one band per series, coloured by value mappings (health, up/down, firing). */
import { LegendDisplayMode, LegendPlacement, VisibilityMode, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import { withBasics, type PanelBasics } from '../panel-basics';

export type StateTimelineOptions = PanelBasics & { readonly mappings: NonNullable<PanelBasics['mappings']> };

export function stateTimelinePanel(options: StateTimelineOptions): PanelBuilder {
  return withBasics(new PanelBuilder(), options)
    .showValue(VisibilityMode.Never)
    .mergeValues(true)
    .rowHeight(0.8)
    .fillOpacity(80)
    .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom));
}
