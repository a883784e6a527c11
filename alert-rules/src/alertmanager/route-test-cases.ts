/**
 * The label sets a route test sends through the rendered configuration, each with the receivers
 * it must reach, in route order (amtool compares the comma-separated list as written).
 */
import { CHANNELS, SEVERITIES, type Channel, type Severity } from '../model/types';
import { CHANNELS_LABEL, channelsLabelValue, configuredChannels, defaultChannels } from './channels';
import { HISTORY_RECEIVER, receiverName } from './receivers';
import type { RoutingSpec } from './routing-spec-schema';

export interface RouteTestCase {
  /** Readable name: "critical with pager,slack", "(its default)" when those are the severity's defaults. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** The history first, then one receiver per configured channel, in route order. */
  readonly receivers: readonly string[];
}

/**
 * For every severity: each channel alone, no channel, every configured channel at once, and the
 * severity's default channels (the case most alerts take).
 */
export function routeTestCases(spec: RoutingSpec): RouteTestCase[] {
  const all = configuredChannels(spec);
  return SEVERITIES.flatMap((severity) => {
    const sets: Channel[][] = [...CHANNELS.map((channel) => [channel]), [], all, defaultChannels(spec, severity)];
    const unique = new Map(sets.map((channels) => [channelsLabelValue(channels), channels]));
    return [...unique.values()].map((channels) => routeTestCase(spec, severity, channels));
  });
}

function routeTestCase(spec: RoutingSpec, severity: Severity, channels: readonly Channel[]): RouteTestCase {
  const value = channelsLabelValue(channels);
  const reached = configuredChannels(spec).filter((channel) => channels.includes(channel));
  const isDefault = value === channelsLabelValue(defaultChannels(spec, severity));
  return {
    name: `${severity} with ${value === '' ? 'no channels' : value}${isDefault ? ' (its default)' : ''}`,
    labels: { alertname: 'PulseRouteTest', region: 'eu-west', project: 'acme', severity, [CHANNELS_LABEL]: value },
    receivers: [HISTORY_RECEIVER, ...reached.map(receiverName)],
  };
}
