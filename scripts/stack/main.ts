/**
 * `npm run stack`: the local stack (everything but Grafana) on loopback with Debian's Redis,
 * Prometheus and Alertmanager. State lives in .stack/ (delete it to start over). Ctrl-C stops it.
 */
import { join } from 'node:path';
import { demoProjectLines } from '../demo-projects';
import { ROOT, startStack } from './run-stack';

async function main(): Promise<void> {
  const stack = await startStack({ dir: join(ROOT, '.stack'), progress: (m) => process.stdout.write(`${m}\n`) });
  process.stdout.write(
    [
      '',
      'The Pulse stack is running (Ctrl-C stops it; logs in .stack/logs):',
      `  Prometheus    ${stack.urls.prometheus}   (rules, alerts: /alerts)`,
      `  Alertmanager  ${stack.urls.alertmanager}   (notifies nobody: every receiver posts to ${stack.notifications.url}/notifications, logged in .stack/logs/notifications.log)`,
      `  exporter      ${stack.urls.exporter}/metrics   API ${stack.urls.exporter}/api/v1/regions`,
      `  forecaster    ${stack.services.some((s) => s.name === 'forecaster') ? stack.urls.forecaster : '(not built yet)'}`,
      `  simulator     ${stack.urls.simulator}/regions   (POST /regions/us-east/fault {"mode":"down"})`,
      `  Redis         127.0.0.1:${stack.ports.redis}`,
      ...demoProjectLines(stack.urls.exporter),
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stdout.write('stopping…\n');
  await stack.stop();
}

main().catch((error: unknown) => {
  process.stderr.write(`npm run stack: ${(error as Error).message}\n`);
  process.exitCode = 1;
});
