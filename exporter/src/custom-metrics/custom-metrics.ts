/**
 * Custom metrics at run time: definitions kept in the store, each change followed by a sync of the
 * project's rule file through the project rules' one writer (shared with project alerts, whose
 * periodic sync of every project also rebuilds these rules, so a restart keeps them).
 */
import { randomBytes } from 'node:crypto';
import type { ProjectRuleSource, ProjectRuleSync, SyncOutcome } from '../project-rules/rule-sync';
import type { CustomMetricStore, ProjectAlertStore } from '../store/types';
import { customMetricGroups } from './render';
import type { CustomMetric, CustomMetricFields } from './types';

/** Definitions a project may hold: each is a recording rule Prometheus evaluates every interval. */
export const CUSTOM_METRICS_MAX_PER_PROJECT = 50;
export const CUSTOM_METRIC_ID = /^[0-9a-f]{24}$/;

/** An alert that names a definition (by its name), which keeps it from being deleted, renamed or deactivated. */
export interface UsingAlert {
  readonly id: string;
  readonly alert_name: string;
}

export type CustomMetricChange =
  | { readonly ok: true; readonly metric: CustomMetric; readonly rules: SyncOutcome }
  | { readonly ok: false; readonly problem: 'limit' | 'name_taken' | 'missing' }
  | { readonly ok: false; readonly problem: 'in_use'; readonly alerts: readonly UsingAlert[] };

export type CustomMetricRemoval = { readonly ok: true; readonly rules: SyncOutcome } | { readonly ok: false; readonly problem: 'missing' } | { readonly ok: false; readonly problem: 'in_use'; readonly alerts: readonly UsingAlert[] };

export interface CustomMetrics {
  create(project: string, fields: CustomMetricFields): Promise<CustomMetricChange>;
  list(project: string): Promise<readonly CustomMetric[]>;
  replace(project: string, id: string, fields: CustomMetricFields): Promise<CustomMetricChange>;
  remove(project: string, id: string): Promise<CustomMetricRemoval>;
}

export function customMetricRuleSource(store: CustomMetricStore): ProjectRuleSource {
  return {
    projects: () => store.customMetricProjects(),
    groups: async (project) => customMetricGroups(project, await store.listCustomMetrics(project)),
  };
}

/**
 * The alerts that would lose their metric: any alert naming it when it is deleted or renamed, the
 * active ones when it is deactivated (an inactive alert may keep naming an inactive definition).
 * Checked before the write, not atomically with it: an alert created in between over a definition
 * deleted in between renders no rule and `check` reports it (README).
 */
async function usingAlerts(store: ProjectAlertStore, existing: CustomMetric, next?: CustomMetricFields): Promise<UsingAlert[]> {
  if (next && next.name === existing.name && (next.is_active || !existing.is_active)) return [];
  const deactivating = next !== undefined && next.name === existing.name;
  const alerts = (await store.listProjectAlerts(existing.project_id)).filter((a) => a.metric_name === existing.name && (!deactivating || a.is_active));
  return alerts.map(({ id, alert_name }) => ({ id, alert_name }));
}

export function createCustomMetrics(store: CustomMetricStore & ProjectAlertStore, rules: ProjectRuleSync, now: () => number = Date.now): CustomMetrics {
  const find = async (project: string, id: string) => (await store.listCustomMetrics(project)).find((m) => m.id === id);
  return {
    async create(project, fields) {
      const at = new Date(now()).toISOString();
      const metric: CustomMetric = { id: randomBytes(12).toString('hex'), project_id: project, ...fields, created_at: at, updated_at: at };
      const written = await store.createCustomMetric(metric, CUSTOM_METRICS_MAX_PER_PROJECT);
      if (written !== 'ok') return { ok: false, problem: written };
      return { ok: true, metric, rules: await rules.syncProject(project) };
    },
    list: (project) => store.listCustomMetrics(project),
    async replace(project, id, fields) {
      const existing = await find(project, id);
      if (!existing) return { ok: false, problem: 'missing' };
      const alerts = await usingAlerts(store, existing, fields);
      if (alerts.length > 0) return { ok: false, problem: 'in_use', alerts };
      const metric: CustomMetric = { id, project_id: project, ...fields, created_at: existing.created_at, updated_at: new Date(now()).toISOString() };
      const written = await store.replaceCustomMetric(metric);
      if (written !== 'ok') return { ok: false, problem: written };
      return { ok: true, metric, rules: await rules.syncProject(project) };
    },
    async remove(project, id) {
      const existing = await find(project, id);
      const alerts = existing ? await usingAlerts(store, existing) : [];
      if (alerts.length > 0) return { ok: false, problem: 'in_use', alerts };
      if (!existing || !(await store.deleteCustomMetric(project, id))) return { ok: false, problem: 'missing' };
      return { ok: true, rules: await rules.syncProject(project) };
    },
  };
}
