/** Links: every Pulse dashboard to every other (by tag), and out to the exporter's API. */
import { DashboardLinkBuilder, DashboardLinkType } from '@grafana/grafana-foundation-sdk/dashboard';

export const PULSE_TAG = 'pulse';

/** One link per dashboard tagged `pulse`, keeping the time range and the variables' values. */
export function pulseDashboardsLink(): DashboardLinkBuilder {
  return new DashboardLinkBuilder('Pulse')
    .type(DashboardLinkType.Dashboards)
    .tags([PULSE_TAG])
    .asDropdown(false)
    .includeVars(true)
    .keepTime(true)
    .targetBlank(false)
    .tooltip('Other Pulse dashboards');
}

export function externalLink(options: { title: string; url: string; tooltip: string; icon?: 'external link' | 'doc' | 'info' }): DashboardLinkBuilder {
  return new DashboardLinkBuilder(options.title)
    .type(DashboardLinkType.Link)
    .url(options.url)
    .tooltip(options.tooltip)
    .icon(options.icon ?? 'external link')
    .targetBlank(true)
    .includeVars(false)
    .keepTime(false)
    .asDropdown(false);
}
