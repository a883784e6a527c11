/**
 * Rules of the routing spec that span several keys, checked after the schema. Each returns the
 * problems it finds, located by key path, so the loader reports all of them at once.
 */
import { formatValue, type KeyPath } from '../../../common/config/path';
import { parseDuration } from '../../../common/duration';
import { SEVERITIES } from '../model/types';
import type { RoutingSpec } from './routing-spec-schema';

export interface RoutingProblem {
  readonly path: KeyPath;
  readonly message: string;
}

export function checkRoutingSpec(spec: RoutingSpec): RoutingProblem[] {
  return [...channelsWithoutReceiver(spec), ...smtpWhenMailing(spec), ...intervalOrder(spec), ...inhibitEqualNamesAlert(spec)];
}

function channelsWithoutReceiver(spec: RoutingSpec): RoutingProblem[] {
  return SEVERITIES.flatMap((severity) =>
    spec.severity_channels[severity].flatMap((channel, index) =>
      spec.receivers[channel] === undefined
        ? [{ path: ['severity_channels', severity, index], message: `needs a receiver: add receivers.${channel} (got "${channel}")` }]
        : [],
    ),
  );
}

function smtpWhenMailing(spec: RoutingSpec): RoutingProblem[] {
  if (spec.smtp !== undefined) return [];
  const mailing = (['email', 'digest'] as const).filter((channel) => spec.receivers[channel] !== undefined);
  if (mailing.length === 0) return [];
  return mailing.map((channel) => ({ path: ['receivers', channel], message: 'needs the smtp block (from, smarthost) to send mail' }));
}

/**
 * Alertmanager only repeats at group_interval ticks, so a shorter repeat_interval would be a silent
 * lie. A route's own group_interval (the pager's, the history's) is held to the root's
 * repeat_interval, which those routes inherit.
 */
function intervalOrder(spec: RoutingSpec): RoutingProblem[] {
  const ownIntervals: Array<[KeyPath, string | undefined]> = [
    [['receivers', 'pager'], spec.receivers.pager?.group_interval],
    [['history_webhook'], spec.history_webhook.group_interval],
  ];
  const scopes: Array<{ path: KeyPath; at: 'repeat_interval' | 'group_interval'; group_interval: string; repeat_interval: string }> = [
    { path: [], at: 'repeat_interval', ...spec },
    ...(spec.receivers.digest ? [{ path: ['receivers', 'digest'], at: 'repeat_interval' as const, ...spec.receivers.digest }] : []),
    ...ownIntervals.flatMap(([path, interval]) => (interval ? [{ path, at: 'group_interval' as const, group_interval: interval, repeat_interval: spec.repeat_interval }] : [])),
  ];
  return scopes.flatMap(({ path, at, group_interval, repeat_interval }) => {
    const group = parseDuration(group_interval) ?? 0;
    const repeat = parseDuration(repeat_interval) ?? 0;
    if (repeat >= group) return [];
    const message =
      at === 'repeat_interval'
        ? `must not be shorter than group_interval ${group_interval} (got ${repeat_interval})`
        : `must not be longer than repeat_interval ${repeat_interval} (got ${group_interval})`;
    return [{ path: [...path, at], message }];
  });
}

/** See severity-inhibitions.ts: without alertname, `equal` on labels absent from both would mute unrelated alerts. */
function inhibitEqualNamesAlert(spec: RoutingSpec): RoutingProblem[] {
  if (spec.inhibit_equal.includes('alertname')) return [];
  return [
    {
      path: ['inhibit_equal'],
      message: `must include alertname, or alerts lacking the other labels would mute unrelated alerts (got ${formatValue(spec.inhibit_equal)})`,
    },
  ];
}
