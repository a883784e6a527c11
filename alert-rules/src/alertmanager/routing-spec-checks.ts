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

/** Alertmanager only repeats at group_interval ticks, so a shorter repeat_interval would be a silent lie. */
function intervalOrder(spec: RoutingSpec): RoutingProblem[] {
  const scopes: Array<[KeyPath, { group_interval: string; repeat_interval: string } | undefined]> = [
    [[], spec],
    [['receivers', 'digest'], spec.receivers.digest],
  ];
  return scopes.flatMap(([path, scope]) => {
    if (scope === undefined) return [];
    const group = parseDuration(scope.group_interval) ?? 0;
    const repeat = parseDuration(scope.repeat_interval) ?? 0;
    if (repeat >= group) return [];
    return [{ path: [...path, 'repeat_interval'], message: `must not be shorter than group_interval ${scope.group_interval} (got ${scope.repeat_interval})` }];
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
