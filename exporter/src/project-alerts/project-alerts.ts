/**
 * Project alerts at run time: definitions kept in the store, each change followed by a sync of
 * the project's rule file (and a Prometheus reload); a sync of every project at start and every
 * `sync_interval`, so every replica's files follow the store and a restart rebuilds them.
 */
import { randomBytes } from 'node:crypto';
import type { Registry } from 'prom-client';
import type { Logger } from '../../../common/log';
import type { ProjectAlertSettings } from '../config/model';
import { createPrometheusApi, type PrometheusApi } from '../project-rules/prometheus-api';
import { createRuleFileWriter } from '../project-rules/rule-file-writer';
import { createProjectRuleSync, type ProjectRuleSource, type ProjectRuleSync, type SyncOutcome } from '../project-rules/rule-sync';
import { createDeliveryQueue, type DeliveryQueue } from '../project-channels/delivery-queue';
import { escalate } from '../project-channels/escalation';
import { createSenders } from '../project-channels/senders';
import { createAlertmanagerApi } from '../project-rules/alertmanager-api';
import { customMetricRuleSource } from '../custom-metrics/custom-metrics';
import type { CustomMetric } from '../custom-metrics/types';
import type { CustomMetricStore, DeliveryStore, ProjectAlertStore, ProjectChannelStore, ProjectTriggerStore } from '../store/types';
import { createTriggerLifecycle, type TriggerLifecycle } from './lifecycle';
import { projectAlertGroups } from './render';
import { NO_TRIGGERS, type ProjectAlert, type ProjectAlertFields, type StoredProjectAlert } from './types';

export type CreateOutcome = { readonly ok: true; readonly alert: StoredProjectAlert; readonly rules: SyncOutcome } | { readonly ok: false; readonly limit: number };
export type ChangeOutcome = { readonly alert: StoredProjectAlert; readonly rules: SyncOutcome } | undefined;

export interface ProjectAlerts {
  readonly settings: ProjectAlertSettings;
  readonly prometheus: PrometheusApi;
  readonly rules: ProjectRuleSync;
  /** Sends project alert notifications (from the webhook) to the projects' channels. */
  readonly deliveries: DeliveryQueue;
  /** Acknowledge and resolve; undefined without project_alerts.alertmanager_url. */
  readonly lifecycle?: TriggerLifecycle;
  create(project: string, fields: ProjectAlertFields): Promise<CreateOutcome>;
  list(project: string): Promise<readonly StoredProjectAlert[]>;
  /** The project's custom metric definitions, which an alert's metric_name may name. */
  customMetrics(project: string): Promise<readonly CustomMetric[]>;
  replace(project: string, id: string, fields: ProjectAlertFields): Promise<ChangeOutcome>;
  /** The rules' sync outcome, or undefined when there was no such alert. */
  remove(project: string, id: string): Promise<SyncOutcome | undefined>;
  /** Rebuilds every file now, then every sync interval. */
  start(): Promise<void>;
  stop(): void;
}

export interface ProjectAlertsDeps {
  readonly store: ProjectAlertStore & ProjectChannelStore & ProjectTriggerStore & CustomMetricStore & DeliveryStore;
  readonly settings: ProjectAlertSettings;
  readonly registry: Registry;
  readonly log: Logger;
  readonly now?: () => number;
}

export const ALERT_ID = /^[0-9a-f]{24}$/;

export function createProjectAlerts({ store, settings, registry, log, now = Date.now }: ProjectAlertsDeps): ProjectAlerts {
  const prometheus = createPrometheusApi(settings.prometheusUrl);
  const source: ProjectRuleSource = {
    projects: () => store.alertProjects(),
    groups: async (project) => {
      const [alerts, customs] = await Promise.all([store.listProjectAlerts(project), store.listCustomMetrics(project)]);
      return projectAlertGroups(project, alerts, settings.runbookUrl, customs, settings.dashboardUrl);
    },
  };
  const rules = createProjectRuleSync({ writer: createRuleFileWriter(settings.rulesDir), sources: [source, customMetricRuleSource(store)], prometheus, log });
  const deliveries = createDeliveryQueue({ store, settings, senders: createSenders(settings), registry, log, now });
  const lifecycle = settings.alertmanagerUrl ? createTriggerLifecycle({ store, prometheus, alertmanager: createAlertmanagerApi(settings.alertmanagerUrl) }) : undefined;
  let timer: NodeJS.Timeout | undefined;

  const syncAllLogged = () =>
    rules.syncAll().catch((error: Error) => {
      log.error({ err: error }, 'project rule files: sync failed; retried at the next interval');
    });
  const watchLogged = () =>
    lifecycle?.watchResolutions().catch((error: Error) => {
      log.warn({ err: error }, 'acknowledged triggers: resolution check failed; retried at the next interval');
    });
  const escalateLogged = () =>
    escalate({ store, deliveries, runbookUrl: settings.runbookUrl, nowMs: now() }).catch((error: Error) => {
      log.warn({ err: error }, 'escalation failed; retried at the next interval');
    });

  async function find(project: string, id: string): Promise<StoredProjectAlert | undefined> {
    return (await store.listProjectAlerts(project)).find((a) => a.id === id);
  }

  return {
    settings,
    prometheus,
    rules,
    deliveries,
    lifecycle,
    async create(project, fields) {
      const at = new Date(now()).toISOString();
      const alert: ProjectAlert = { id: randomBytes(12).toString('hex'), project_id: project, ...fields, created_at: at, updated_at: at };
      if (!(await store.createProjectAlert(alert, settings.maxPerProject))) return { ok: false, limit: settings.maxPerProject };
      return { ok: true, alert: { ...alert, ...NO_TRIGGERS }, rules: await rules.syncProject(project) };
    },
    list: (project) => store.listProjectAlerts(project),
    customMetrics: (project) => store.listCustomMetrics(project),
    async replace(project, id, fields) {
      const existing = await find(project, id);
      if (!existing) return undefined;
      const alert: ProjectAlert = { id, project_id: project, ...fields, created_at: existing.created_at, updated_at: new Date(now()).toISOString() };
      if (!(await store.replaceProjectAlert(alert))) return undefined;
      return { alert: { ...alert, last_triggered: existing.last_triggered, trigger_count: existing.trigger_count }, rules: await rules.syncProject(project) };
    },
    async remove(project, id) {
      if (!(await store.deleteProjectAlert(project, id))) return undefined;
      return rules.syncProject(project);
    },
    async start() {
      deliveries.start();
      await syncAllLogged();
      timer = setInterval(() => void syncAllLogged().then(watchLogged).then(escalateLogged), settings.syncIntervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      deliveries.stop();
    },
  };
}
