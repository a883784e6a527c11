import { dirname, resolve } from 'node:path';
import { parseDuration } from '../../../common/duration';
import { DEFAULT_PROJECT_ALERT_RUNBOOK, type ProjectAlertSettings } from './model';
import type { PulseConfigSpec } from './schema';

/** `project_alerts:`; a relative rules_dir is relative to the config file, as other paths are. */
export function resolveProjectAlerts(spec: PulseConfigSpec, sourceFile: string): ProjectAlertSettings | undefined {
  const section = spec.project_alerts;
  if (!section) return undefined;
  return {
    rulesDir: resolve(dirname(sourceFile), section.rules_dir),
    prometheusUrl: section.prometheus_url.replace(/\/+$/, ''),
    alertmanagerUrl: section.alertmanager_url?.replace(/\/+$/, ''),
    maxPerProject: section.max_per_project,
    syncIntervalMs: parseDuration(section.sync_interval)!,
    runbookUrl: section.runbook_url ?? DEFAULT_PROJECT_ALERT_RUNBOOK,
    allowDestinations: section.allow_destinations,
    delivery: {
      initialBackoffMs: parseDuration(section.delivery.initial_backoff)!,
      maxBackoffMs: parseDuration(section.delivery.max_backoff)!,
      giveUpAfterMs: parseDuration(section.delivery.give_up_after)!,
    },
    smtp: section.smtp,
  };
}
