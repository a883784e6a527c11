/**
 * How a forecast is drawn: the actual line, the median dashed, and the 95 % band shaded between
 * its bounds (Grafana fills from the upper series down to the lower one, by display name).
 */
import type { DynamicConfigValue } from '@grafana/grafana-foundation-sdk/dashboard';

export const BAND_SERIES = { actual: 'actual', median: 'forecast', lower: '95 % band, low', upper: '95 % band, high' } as const;

const BAND_COLOUR = 'blue';
const fixed = (color: string): DynamicConfigValue => ({ id: 'color', value: { mode: 'fixed', fixedColor: color } });

export function bandOverrides(): { field: string; properties: DynamicConfigValue[] }[] {
  return [
    { field: BAND_SERIES.actual, properties: [fixed('green'), { id: 'custom.lineWidth', value: 2 }, { id: 'custom.fillOpacity', value: 0 }] },
    { field: BAND_SERIES.median, properties: [fixed(BAND_COLOUR), { id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }, { id: 'custom.fillOpacity', value: 0 }] },
    {
      field: BAND_SERIES.upper,
      properties: [fixed(BAND_COLOUR), { id: 'custom.lineWidth', value: 0 }, { id: 'custom.fillOpacity', value: 20 }, { id: 'custom.fillBelowTo', value: BAND_SERIES.lower }],
    },
    {
      field: BAND_SERIES.lower,
      properties: [fixed(BAND_COLOUR), { id: 'custom.lineWidth', value: 0 }, { id: 'custom.fillOpacity', value: 0 }, { id: 'custom.hideFrom', value: { legend: true, tooltip: false, viz: false } }],
    },
  ];
}
