/**
 * The rendered default configuration in a real Alertmanager 0.25: alerts posted through its v2
 * API, then asked which of them are inhibited.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeepStrictEqual } from 'node:util';
import type { AlertmanagerHandle } from './testing/alertmanager-server';
import { postAlerts, startAlertmanagerFor } from './testing/alertmanager-for-spec';
import { DEFAULT_SPEC_FILE, loadSpecFile } from './testing/routing-specs';

/** Each alert, by case name, and whether the default spec's inhibitions must mute it. */
const CASES: ReadonlyArray<{ name: string; labels: Record<string, string>; inhibited: boolean }> = [
  { name: 'critical eu-west', labels: { alertname: 'RegionDown', severity: 'critical', region: 'eu-west', project: 'acme' }, inhibited: false },
  { name: 'high eu-west', labels: { alertname: 'RegionDown', severity: 'high', region: 'eu-west', project: 'acme' }, inhibited: true },
  { name: 'low eu-west', labels: { alertname: 'RegionDown', severity: 'low', region: 'eu-west', project: 'acme' }, inhibited: true },
  { name: 'high us-east', labels: { alertname: 'RegionDown', severity: 'high', region: 'us-east', project: 'acme' }, inhibited: false },
  { name: 'high other project', labels: { alertname: 'RegionDown', severity: 'high', region: 'eu-west', project: 'globex' }, inhibited: false },
  { name: 'high other alertname', labels: { alertname: 'UsageHigh', severity: 'high', region: 'eu-west', project: 'acme' }, inhibited: false },
  // The empty-label case: neither has region or project, so equal holds; same alert, same scope.
  { name: 'global critical', labels: { alertname: 'ErrorBudgetBurn', severity: 'critical' }, inhibited: false },
  { name: 'global medium', labels: { alertname: 'ErrorBudgetBurn', severity: 'medium' }, inhibited: true },
  { name: 'regional medium under a global critical', labels: { alertname: 'ErrorBudgetBurn', severity: 'medium', region: 'eu-west' }, inhibited: false },
];

interface ApiAlert {
  labels: Record<string, string>;
  status: { inhibitedBy: string[] };
}

let alertmanager: AlertmanagerHandle;

beforeAll(async () => {
  alertmanager = await startAlertmanagerFor(loadSpecFile(DEFAULT_SPEC_FILE));
});

afterAll(async () => {
  await alertmanager?.stop();
});

async function inhibitedByCase(): Promise<Record<string, boolean>> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`);
  expect(response.status).toBe(200);
  const alerts = (await response.json()) as ApiAlert[];
  return Object.fromEntries(alerts.map((alert) => [alert.labels.test_case, alert.status.inhibitedBy.length > 0]));
}

describe('inhibition in a real Alertmanager', () => {
  it('mutes the lower severities of the same alert, region and project, and nothing else', async () => {
    await postAlerts(alertmanager, CASES.map(({ name, labels }) => ({ ...labels, test_case: name })));

    const expected = Object.fromEntries(CASES.map(({ name, inhibited }) => [name, inhibited]));
    // The inhibitor learns about source alerts asynchronously; give it a moment to settle.
    let seen = await inhibitedByCase();
    for (let waited = 0; waited < 5_000 && !isDeepStrictEqual(seen, expected); waited += 100) {
      await sleep(100);
      seen = await inhibitedByCase();
    }
    expect(seen).toEqual(expected);
  });
});
