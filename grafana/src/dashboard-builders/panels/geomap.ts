/**
 * A world map with one marker per table row, placed by its latitude and longitude columns and
 * coloured by its value through the panel's value mappings (the same colours as the legend).
 */
import { FrameGeometrySourceBuilder, FrameGeometrySourceMode, MapLayerOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { ControlsOptionsBuilder, MapCenterID, MapViewConfigBuilder, PanelBuilder, TooltipMode, TooltipOptionsBuilder } from '@grafana/grafana-foundation-sdk/geomap';
import { withBasics, type PanelBasics } from '../panel-basics';
import { toNumbers } from '../transformations';

export interface GeomapOptions extends PanelBasics {
  readonly latitudeField: string;
  readonly longitudeField: string;
  /** The column written beside each marker (the region's display name). */
  readonly labelField: string;
  readonly layerName: string;
}

/** Grafana's own basemap (CARTO light or dark with the theme); no API key, no plugin. */
const basemap = (): MapLayerOptionsBuilder => new MapLayerOptionsBuilder().type('default').name('Basemap').config({});

function markers(options: GeomapOptions): MapLayerOptionsBuilder {
  return new MapLayerOptionsBuilder()
    .type('markers')
    .name(options.layerName)
    .tooltip(true)
    .location(new FrameGeometrySourceBuilder().mode(FrameGeometrySourceMode.Coords).latitude(options.latitudeField).longitude(options.longitudeField))
    .config({
      showLegend: true,
      style: {
        color: { field: 'Value', fixed: 'dark-green' },
        opacity: 0.9,
        size: { fixed: 14, min: 8, max: 20 },
        symbol: { mode: 'fixed', fixed: 'img/icons/marker/circle.svg' },
        symbolAlign: { horizontal: 'center', vertical: 'center' },
        text: { mode: 'field', field: options.labelField, fixed: '' },
        textConfig: { fontSize: 12, offsetX: 0, offsetY: -16, textAlign: 'center', textBaseline: 'bottom' },
      },
    });
}

export function geomapPanel(options: GeomapOptions): PanelBuilder {
  return withBasics(new PanelBuilder(), {
    ...options,
    // Label values arrive as strings; the marker layer reads coordinates as numbers.
    transformations: [toNumbers([options.latitudeField, options.longitudeField]), ...(options.transformations ?? [])],
  })
    .view(new MapViewConfigBuilder().id(MapCenterID.Fit).allLayers(true).padding(10).maxZoom(4))
    .controls(new ControlsOptionsBuilder().showZoom(true).mouseWheelZoom(false).showAttribution(true))
    .basemap(basemap())
    .layers([markers(options)])
    .tooltip(new TooltipOptionsBuilder().mode(TooltipMode.Details));
}
