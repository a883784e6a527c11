/**
 * The acknowledgement commands of the README (Alertmanager routing), run with the real amtool against a real
 * Alertmanager loaded with the rendered default configuration.
 */
import type { AlertmanagerHandle } from './testing/alertmanager-server';
import { postAlerts, startAlertmanagerFor } from './testing/alertmanager-for-spec';
import { amtool } from './testing/amtool';
import { DEFAULT_SPEC_FILE, loadSpecFile } from './testing/routing-specs';

let alertmanager: AlertmanagerHandle;

beforeAll(async () => {
  alertmanager = await startAlertmanagerFor(loadSpecFile(DEFAULT_SPEC_FILE));
});

afterAll(async () => {
  await alertmanager?.stop();
});

async function amtoolOk(args: string[]): Promise<string> {
  const result = await amtool([...args, `--alertmanager.url=${alertmanager.url}`]);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return result.stdout;
}

/** The alerts amtool lists (with these state flags) as alertname/region. */
async function alertnames(...flags: string[]): Promise<string[]> {
  const alerts = JSON.parse(await amtoolOk(['alert', 'query', '-o', 'json', ...flags])) as Array<{ labels: Record<string, string> }>;
  return alerts.map((alert) => `${alert.labels.alertname}/${alert.labels.region}`).sort();
}

describe('acknowledging an alert with an amtool silence', () => {
  it('silences the alert until the silence is expired, as the README shows', async () => {
    const labels = { alertname: 'RegionDown', region: 'eu-west', project: 'acme', severity: 'critical', channels: 'pager' };
    await postAlerts(alertmanager, [labels, { ...labels, region: 'us-east' }]);
    expect(await alertnames()).toEqual(['RegionDown/eu-west', 'RegionDown/us-east']);

    const id = (
      await amtoolOk(['silence', 'add', 'alertname=RegionDown', 'region=eu-west', '--comment=investigating, see INC-42', '--author=alice', '--duration=2h'])
    ).trim();
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await amtoolOk(['silence', 'query'])).toContain(id);
    expect(await alertnames('--silenced')).toEqual(['RegionDown/eu-west']);
    expect(await alertnames('--active')).toEqual(['RegionDown/us-east']);

    await amtoolOk(['silence', 'expire', id]);
    expect(await amtoolOk(['silence', 'query'])).not.toContain(id);
    expect(await alertnames('--active')).toEqual(['RegionDown/eu-west', 'RegionDown/us-east']);
  });
});
