/**
 * The exporter's alert trigger history (GET /api/v1/alerts/triggers) keeps what Prometheus does
 * not: every notification with its annotations, for 90 days. Grafana 12 cannot query a JSON API
 * without a plugin, so the dashboards link to it; the address is a variable because the browser
 * reaches the exporter at a different address in every installation.
 */
import { externalLink } from '../dashboard-builders/links';
import { textVariable, type VariableBuilder } from '../dashboard-builders/variables';

export const EXPORTER_URL_VARIABLE = 'exporter_url';
/** Where `docker compose up` and `npm start` publish the exporter. */
export const DEFAULT_EXPORTER_URL = 'http://localhost:9470';

export function exporterUrlVariable(): VariableBuilder {
  return textVariable({
    name: EXPORTER_URL_VARIABLE,
    label: 'Exporter URL',
    description: 'Where your browser reaches pulse-exporter, for the links to its API.',
    value: DEFAULT_EXPORTER_URL,
  });
}

export function alertTriggersLink() {
  return externalLink({
    title: 'Alert trigger history (API)',
    url: `\${${EXPORTER_URL_VARIABLE}}/api/v1/alerts/triggers?limit=100`,
    tooltip: 'Every alert notification of the last 90 days, newest first, as JSON from pulse-exporter',
  });
}
