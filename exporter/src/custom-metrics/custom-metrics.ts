/**
 * Custom metrics at run time: definitions kept in the store, each change followed by a sync of the
 * project's rule file through the project rules' one writer (shared with project alerts, whose
 * periodic sync of every project also rebuilds these rules, so a restart keeps them).
 */
import { randomBytes } from 'node:crypto';
import type { ProjectRuleSource, ProjectRuleSync, SyncOutcome } from '../project-rules/rule-sync';
import type { CustomMetricStore } from '../store/types';
import { customMetricGroups } from './render';
import type { CustomMetric, CustomMetricFields } from './types';

/** Definitions a project may hold: each is a recording rule Prometheus evaluates every interval. */
export const CUSTOM_METRICS_MAX_PER_PROJECT = 50;
export const CUSTOM_METRIC_ID = /^[0-9a-f]{24}$/;

export type CustomMetricChange =
  | { readonly ok: true; readonly metric: CustomMetric; readonly rules: SyncOutcome }
  | { readonly ok: false; readonly problem: 'limit' | 'name_taken' | 'missing' };

export interface CustomMetrics {
  create(project: string, fields: CustomMetricFields): Promise<CustomMetricChange>;
  list(project: string): Promise<readonly CustomMetric[]>;
  replace(project: string, id: string, fields: CustomMetricFields): Promise<CustomMetricChange>;
  /** The rules' sync outcome, or undefined when there was no such definition. */
  remove(project: string, id: string): Promise<SyncOutcome | undefined>;
}

export function customMetricRuleSource(store: CustomMetricStore): ProjectRuleSource {
  return {
    projects: () => store.customMetricProjects(),
    groups: async (project) => customMetricGroups(project, await store.listCustomMetrics(project)),
  };
}

export function createCustomMetrics(store: CustomMetricStore, rules: ProjectRuleSync, now: () => number = Date.now): CustomMetrics {
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
      const metric: CustomMetric = { id, project_id: project, ...fields, created_at: existing.created_at, updated_at: new Date(now()).toISOString() };
      const written = await store.replaceCustomMetric(metric);
      if (written !== 'ok') return { ok: false, problem: written };
      return { ok: true, metric, rules: await rules.syncProject(project) };
    },
    async remove(project, id) {
      if (!(await store.deleteCustomMetric(project, id))) return undefined;
      return rules.syncProject(project);
    },
  };
}
