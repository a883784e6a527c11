/**
 * Test harness: a real Alertmanager running the configuration rendered from a routing spec, with
 * secrets_dir moved to a temporary directory that holds a dummy file for every secret.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { renderAlertmanagerConfig } from '../render-alertmanager-config';
import type { RoutingSpec } from '../routing-spec-schema';
import { severityInhibitions } from '../severity-inhibitions';
import { startAlertmanager, type AlertmanagerHandle } from './alertmanager-server';
import { writeSecretFiles } from './secret-files';

/** The rendered configuration with secrets_dir moved to `secretsDir`, after writing every secret file it names there. */
export function renderWithSecretFiles(spec: RoutingSpec, secretsDir: string): string {
  const moved = { ...spec, secrets_dir: secretsDir };
  const text = renderAlertmanagerConfig(moved, severityInhibitions(moved));
  writeSecretFiles(parse(text));
  return text;
}

/** `secrets` may rewrite the secret files the configuration names (e.g. a Slack URL on loopback) before Alertmanager starts. */
export async function startAlertmanagerFor(spec: RoutingSpec, secrets: (configText: string) => void = () => undefined): Promise<AlertmanagerHandle> {
  const secretsDir = mkdtempSync(join(tmpdir(), 'pulse-am-secrets-'));
  const removeSecrets = (): void => rmSync(secretsDir, { recursive: true, force: true });
  try {
    const text = renderWithSecretFiles(spec, secretsDir);
    secrets(text);
    const alertmanager = await startAlertmanager(text);
    return {
      url: alertmanager.url,
      stop: async () => {
        await alertmanager.stop();
        removeSecrets();
      },
    };
  } catch (error) {
    removeSecrets();
    throw error;
  }
}

/** Posts alerts through the v2 API, as Prometheus does. */
export async function postAlerts(alertmanager: AlertmanagerHandle, alerts: ReadonlyArray<Readonly<Record<string, string>>>): Promise<void> {
  const response = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alerts.map((labels) => ({ labels }))),
  });
  if (response.status !== 200) throw new Error(`POST /api/v2/alerts: ${response.status} ${await response.text()}`);
}
