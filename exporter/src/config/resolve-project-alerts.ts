import { dirname, resolve } from 'node:path';
import type { ConfigProblem } from '../../../common/config/errors';
import { parseDuration } from '../../../common/duration';
import { DEFAULT_PROJECT_ALERT_RUNBOOK, type ProjectAlertSettings, type SmtpSettings } from './model';
import type { SecretContext } from './resolve-secrets';
import type { PulseConfigSpec } from './schema';

type ProjectAlertsContext = SecretContext & { readonly sourceFile: string };

/** The SMTP password from the environment, which wins over `project_alerts.smtp.password_file`. */
export const SMTP_PASSWORD_ENV = 'PULSE_SMTP_PASSWORD';

/** `project_alerts:`; a relative rules_dir is relative to the config file, as other paths are. */
export function resolveProjectAlerts(spec: PulseConfigSpec, ctx: ProjectAlertsContext, problems: ConfigProblem[]): ProjectAlertSettings | undefined {
  const section = spec.project_alerts;
  if (!section) return undefined;
  return {
    rulesDir: resolve(dirname(ctx.sourceFile), section.rules_dir),
    prometheusUrl: section.prometheus_url.replace(/\/+$/, ''),
    alertmanagerUrl: section.alertmanager_url?.replace(/\/+$/, ''),
    maxPerProject: section.max_per_project,
    syncIntervalMs: parseDuration(section.sync_interval)!,
    runbookUrl: section.runbook_url ?? DEFAULT_PROJECT_ALERT_RUNBOOK,
    dashboardUrl: section.dashboard_url,
    allowDestinations: section.allow_destinations,
    delivery: {
      initialBackoffMs: parseDuration(section.delivery.initial_backoff)!,
      maxBackoffMs: parseDuration(section.delivery.max_backoff)!,
      giveUpAfterMs: parseDuration(section.delivery.give_up_after)!,
    },
    smtp: section.smtp && resolveSmtp(section.smtp, ctx, problems),
  };
}

type SmtpSpec = NonNullable<NonNullable<PulseConfigSpec['project_alerts']>['smtp']>;

/** AUTH needs a user and a password (file or environment); a password without a user is a mistake. */
function resolveSmtp({ password_file: passwordFile, ...smtp }: SmtpSpec, ctx: ProjectAlertsContext, problems: ConfigProblem[]): SmtpSettings {
  const at = ['project_alerts', 'smtp'];
  const password = ctx.env[SMTP_PASSWORD_ENV] || (passwordFile === undefined ? undefined : readPassword(passwordFile, [...at, 'password_file'], ctx, problems));
  if (smtp.user === undefined && password !== undefined) problems.push(ctx.problem([...at, 'user'], `is needed with a password (${passwordFile === undefined ? SMTP_PASSWORD_ENV : 'password_file'} is set)`));
  if (smtp.user !== undefined && password === undefined && passwordFile === undefined) problems.push(ctx.problem([...at, 'password_file'], `or ${SMTP_PASSWORD_ENV} is needed with user (got user "${smtp.user}" and no password)`));
  return { ...smtp, password };
}

function readPassword(file: string, at: string[], ctx: ProjectAlertsContext, problems: ConfigProblem[]): string | undefined {
  try {
    const password = ctx.readFile(file).trim();
    if (password) return password;
    problems.push(ctx.problem(at, `is empty (got "${file}")`));
  } catch (error) {
    problems.push(ctx.problem(at, `cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (got "${file}")`));
  }
  return undefined;
}
