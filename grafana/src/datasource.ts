/**
 * The Prometheus data source: provisioned with a fixed uid (grafana/provisioning/datasources),
 * chosen through the `datasource` variable, and referenced by every panel and query through that
 * variable, so a second Prometheus (a Thanos or Mimir front) is one click away.
 */
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';

export const PULSE_DATASOURCE_UID = 'pulse-prometheus';
export const PULSE_DATASOURCE_NAME = 'Prometheus';
export const DATASOURCE_VARIABLE = 'datasource';

export const DATASOURCE_REF: DataSourceRef = { type: 'prometheus', uid: `\${${DATASOURCE_VARIABLE}}` };
