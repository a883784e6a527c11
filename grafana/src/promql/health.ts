/**
 * Region health as one number per series, so a map can colour it and a timeline can band it:
 * the index of the state in HEALTH_STATES (0 healthy, 1 degraded, 2 down), the worst state any
 * vantage point in the group sees, and -1 for a region no vantage point has judged yet.
 */
import { HEALTH_STATES, regionMetrics } from '../../../common/metrics/catalogue';
import { aggregateBy } from './functions';
import { selector, type Matchers } from './selector';

export const UNKNOWN_HEALTH = -1;

/** `max by (labels)` of the state index; regions still unknown have no series here. */
export function healthIndex(labels: readonly string[], matchers: Matchers): string {
  const states = HEALTH_STATES.map((state, index) => `(${selector(regionMetrics.healthState.name, { ...matchers, state })} == 1) * ${index}`);
  return aggregateBy('max', labels, states.join(' or '));
}

/**
 * Per region: the worst health index the vantage points matched by `vantages` see, or -1 for a
 * configured region none of them has judged yet (pulse_region_info has no vantage label).
 */
export function regionHealthIndex(regions: Matchers, vantages: Matchers = {}): string {
  const configured = aggregateBy('max', ['region'], selector(regionMetrics.info.name, regions));
  return `${healthIndex(['region'], { ...regions, ...vantages })} or on (region) (${configured} * ${UNKNOWN_HEALTH})`;
}
