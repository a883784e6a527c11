/** How health reads everywhere: the state names of the catalogue, in traffic-light colours. */
import { HEALTH_STATES, type HealthState } from '../../../common/metrics/catalogue';
import { valueLabels, type ThresholdStep, type ValueLabel } from '../dashboard-builders/thresholds';
import { UNKNOWN_HEALTH } from '../promql/health';

const COLOURS: Readonly<Record<HealthState, string>> = { healthy: 'green', degraded: 'orange', down: 'red' };

const LABELS: readonly ValueLabel[] = [
  { value: UNKNOWN_HEALTH, text: 'unknown', color: 'text' },
  ...HEALTH_STATES.map((state, index) => ({ value: index, text: state, color: COLOURS[state] })),
];

export const healthMapping = () => valueLabels(LABELS);

/** The same colours as thresholds, for panels that colour by value rather than by mapping. */
export const healthThresholds = (): ThresholdStep[] => LABELS.map((label, index) => ({ from: index === 0 ? null : label.value, color: label.color }));

/** 1 up (green), 0 down (red): `up`, store and source availability. */
export const upDownMapping = () =>
  valueLabels([
    { value: 0, text: 'down', color: 'red' },
    { value: 1, text: 'up', color: 'green' },
  ]);
