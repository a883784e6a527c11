/**
 * The `channels` label contract between the rule generator and Alertmanager: every alerting rule
 * carries `channels`, the comma-separated, sorted list of channels it notifies ('' for none), and
 * each channel's route matches its name anywhere in that list.
 */
import { CHANNELS, type Channel, type Severity } from '../model/types';
import type { RoutingSpec } from './routing-spec-schema';

export const CHANNELS_LABEL = 'channels';

/** The channels an alert of this severity notifies when its own spec names none, sorted. */
export function defaultChannels(spec: RoutingSpec, severity: Severity): Channel[] {
  return sortChannels(spec.severity_channels[severity]);
}

/** The value of the `channels` label for these channels: sorted, comma-separated, '' for none. */
export function channelsLabelValue(channels: readonly Channel[]): string {
  return sortChannels(channels).join(',');
}

/** Channels that have a receiver in this spec, in the fixed CHANNELS order (the route order). */
export function configuredChannels(spec: RoutingSpec): Channel[] {
  return CHANNELS.filter((channel) => spec.receivers[channel] !== undefined);
}

/**
 * The route matcher for one channel. Alertmanager anchors regular expressions, so this matches the
 * channel as a whole list element ("pager,slack" matches slack; "slackish" would not).
 */
export function channelMatcher(channel: Channel): string {
  return `${CHANNELS_LABEL}=~"(.*,)?${channel}(,.*)?"`;
}

function sortChannels(channels: readonly Channel[]): Channel[] {
  return [...new Set(channels)].sort();
}
