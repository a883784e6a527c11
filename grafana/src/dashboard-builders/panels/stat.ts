/** Stat cards: the latest value of each query, optionally with a sparkline. */
import { BigValueColorMode, BigValueGraphMode, BigValueTextMode, ReduceDataOptionsBuilder, VizOrientation } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { withBasics, type PanelBasics } from '../panel-basics';

export interface StatOptions extends PanelBasics {
  readonly sparkline?: boolean;
  /** Colour the background by the thresholds rather than the number. */
  readonly background?: boolean;
  /** Show each value's name (the legend) beside it, for cards holding several values. */
  readonly named?: boolean;
  readonly orientation?: 'horizontal' | 'vertical';
}

export function statPanel(options: StatOptions): PanelBuilder {
  return withBasics(new PanelBuilder(), options)
    .reduceOptions(new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false))
    .graphMode(options.sparkline ? BigValueGraphMode.Area : BigValueGraphMode.None)
    .colorMode(options.background ? BigValueColorMode.Background : BigValueColorMode.Value)
    .textMode(options.named ? BigValueTextMode.ValueAndName : BigValueTextMode.Auto)
    .orientation(options.orientation === 'vertical' ? VizOrientation.Vertical : options.orientation === 'horizontal' ? VizOrientation.Horizontal : VizOrientation.Auto);
}
