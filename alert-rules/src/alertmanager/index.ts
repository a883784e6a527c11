/** Alertmanager routing: the routing spec, the channels contract, inhibitions and the rendered alertmanager.yml. */
export { routingSpecSchema, type RoutingSpec } from './routing-spec-schema';
export { loadRoutingSpec } from './load-routing-spec';
export { CHANNELS_LABEL, channelsLabelValue, configuredChannels, defaultChannels } from './channels';
export { severityInhibitions } from './severity-inhibitions';
export { buildAlertmanagerConfig } from './build-alertmanager-config';
export type { AlertmanagerConfig } from './alertmanager-config';
export { renderAlertmanagerConfig } from './render-alertmanager-config';
export { routeTestCases, type RouteTestCase } from './route-test-cases';
