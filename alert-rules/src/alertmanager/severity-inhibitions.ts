/**
 * While an alert fires, the same alert at a lower severity is muted: for each severity, one rule
 * whose source is that severity and whose targets are all the lower ones.
 *
 * The empty-label pitfall of `equal`: a label absent from both source and target counts as equal.
 * With `equal: [region]` alone, a critical alert without a region would mute every lower alert
 * without a region, whatever its name. The spec therefore must list `alertname` in inhibit_equal
 * (routing-spec-checks.ts enforces it): `alertname` is always present, so only the same alert can
 * mute itself. A region or project absent from both then means the two tiers cover the same scope
 * (say, a global alert at two thresholds), and muting the lower one is what we want. A source with
 * a region never mutes a target without one, or with another one: that errs towards notifying.
 */
import { SEVERITIES, type Inhibition, type Severity } from '../model/types';
import type { RoutingSpec } from './routing-spec-schema';

export function severityInhibitions(spec: RoutingSpec): Inhibition[] {
  return SEVERITIES.slice(0, -1).map((severity, index) => ({
    source: [`severity="${severity}"`],
    target: [severityMatcher(SEVERITIES.slice(index + 1))],
    equal: [...spec.inhibit_equal],
  }));
}

function severityMatcher(severities: readonly Severity[]): string {
  return severities.length === 1 ? `severity="${severities[0]}"` : `severity=~"${severities.join('|')}"`;
}
