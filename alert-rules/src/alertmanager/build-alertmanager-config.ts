/**
 * Routing spec + inhibitions → Alertmanager configuration (the model; rendering is separate).
 *
 * The route tree: the root's receiver discards; its first child sends every alert to the
 * exporter's trigger history and continues; then one child per configured channel matches that
 * channel in the alert's `channels` label and continues, so an alert reaches the history plus
 * exactly the receivers of its channels, and an alert with no channels (info) only the history.
 * Routing looks at `channels` alone, never at severity: the rule generator has already resolved
 * the alert's own channels or its severity's defaults into that label.
 */
import type { Channel, Inhibition } from '../model/types';
import type { AlertmanagerConfig, GlobalConfig, InhibitRule, Route } from './alertmanager-config';
import { GO_TEMPLATES_FILE } from '../messages/render-go-template';
import { channelMatcher, configuredChannels } from './channels';
import { buildReceivers, DISCARD_RECEIVER, HISTORY_RECEIVER, receiverName, secretPath } from './receivers';
import type { RoutingSpec } from './routing-spec-schema';

export function buildAlertmanagerConfig(spec: RoutingSpec, inhibitions: readonly Inhibition[]): AlertmanagerConfig {
  return {
    global: buildGlobal(spec),
    templates: [GO_TEMPLATES_FILE],
    route: buildRoute(spec),
    receivers: buildReceivers(spec),
    inhibit_rules: inhibitions.map(toInhibitRule),
  };
}

/** SMTP lives in global so the email and digest receivers share it. */
function buildGlobal(spec: RoutingSpec): GlobalConfig | undefined {
  const smtp = spec.smtp;
  if (smtp === undefined) return undefined;
  return {
    smtp_from: smtp.from,
    smtp_smarthost: smtp.smarthost,
    smtp_auth_username: smtp.auth_username,
    smtp_auth_password_file: smtp.auth_password_file === undefined ? undefined : secretPath(spec, smtp.auth_password_file),
    smtp_require_tls: smtp.require_tls,
  };
}

function buildRoute(spec: RoutingSpec): Route {
  return {
    receiver: DISCARD_RECEIVER,
    group_by: spec.group_by,
    group_wait: spec.group_wait,
    group_interval: spec.group_interval,
    repeat_interval: spec.repeat_interval,
    routes: [{ receiver: HISTORY_RECEIVER, ...ownClock(spec.history_webhook), continue: true }, ...configuredChannels(spec).map((channel) => channelRoute(spec, channel))],
  };
}

function channelRoute(spec: RoutingSpec, channel: Channel): Route {
  return { receiver: receiverName(channel), matchers: [channelMatcher(channel)], ...channelClock(spec, channel), continue: true };
}

/**
 * The digest batches on its own, much slower clock; pages may leave sooner than the root's
 * group_wait (the time to page); every other channel keeps the root's. Keys left out inherit.
 */
function channelClock(spec: RoutingSpec, channel: Channel): Pick<Route, 'group_by' | 'group_wait' | 'group_interval' | 'repeat_interval'> {
  const { digest, pager } = spec.receivers;
  if (channel === 'digest' && digest) {
    return { group_by: digest.group_by, group_wait: digest.group_wait, group_interval: digest.group_interval, repeat_interval: digest.repeat_interval };
  }
  if (channel === 'pager' && pager) return ownClock(pager);
  return {};
}

/** A route's own group_wait and group_interval, each only when the spec sets it (else the root's apply). */
function ownClock(clock: { readonly group_wait?: string; readonly group_interval?: string }): Pick<Route, 'group_wait' | 'group_interval'> {
  return {
    ...(clock.group_wait !== undefined && { group_wait: clock.group_wait }),
    ...(clock.group_interval !== undefined && { group_interval: clock.group_interval }),
  };
}

function toInhibitRule(inhibition: Inhibition): InhibitRule {
  return { source_matchers: inhibition.source, target_matchers: inhibition.target, equal: inhibition.equal };
}
