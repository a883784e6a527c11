import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PULSE_DATASOURCE_NAME, PULSE_DATASOURCE_UID } from './datasource';

const PROVISIONING = join(__dirname, '..', 'provisioning');
const read = (file: string) => parse(readFileSync(join(PROVISIONING, file), 'utf8'));

describe('Grafana provisioning', () => {
  it('provisions the Prometheus data source under the uid every dashboard defaults to', () => {
    const { apiVersion, datasources } = read('datasources/prometheus.yml');
    expect(apiVersion).toBe(1);
    expect(datasources).toEqual([
      expect.objectContaining({ name: PULSE_DATASOURCE_NAME, uid: PULSE_DATASOURCE_UID, type: 'prometheus', url: 'http://prometheus:9090', isDefault: true, editable: false }),
    ]);
  });

  it('loads the generated dashboards read-only into the Pulse folder', () => {
    const { apiVersion, providers } = read('dashboards/pulse.yml');
    expect(apiVersion).toBe(1);
    expect(providers).toEqual([
      expect.objectContaining({ type: 'file', folder: 'Pulse', allowUiUpdates: false, options: expect.objectContaining({ path: '/var/lib/grafana/dashboards/pulse' }) }),
    ]);
  });
});
