/** The project-alert part of the memory store: definitions and trigger statistics per project. */
import { NO_TRIGGERS, type AlertTriggerStats, type ProjectAlert } from '../project-alerts/types';
import { byCreation } from './project-alert-order';
import type { ProjectChannels } from '../project-channels/types';
import type { ProjectAlertStore, ProjectChannelStore } from './types';

interface Entry {
  alert: ProjectAlert;
  stats: AlertTriggerStats;
  lastStartMs: number;
}

export function createMemoryProjectAlerts(): ProjectAlertStore {
  const projects = new Map<string, Map<string, Entry>>();
  const of = (project: string) => projects.get(project) ?? new Map<string, Entry>();

  return {
    async createProjectAlert(alert, maxPerProject) {
      const alerts = of(alert.project_id);
      if (alerts.size >= maxPerProject) return false;
      alerts.set(alert.id, { alert, stats: NO_TRIGGERS, lastStartMs: -Infinity });
      projects.set(alert.project_id, alerts);
      return true;
    },
    async listProjectAlerts(project) {
      return [...of(project).values()].map((e) => ({ ...e.alert, ...e.stats })).sort(byCreation);
    },
    async replaceProjectAlert(alert) {
      const entry = of(alert.project_id).get(alert.id);
      if (!entry) return false;
      entry.alert = alert;
      return true;
    },
    async deleteProjectAlert(project, id) {
      const alerts = of(project);
      const found = alerts.delete(id);
      if (alerts.size === 0) projects.delete(project);
      return found;
    },
    async alertProjects() {
      return [...projects.keys()].sort();
    },
    async recordAlertTrigger(project, id, startsAtMs) {
      const entry = of(project).get(id);
      if (!entry || startsAtMs <= entry.lastStartMs) return;
      entry.lastStartMs = startsAtMs;
      entry.stats = { last_triggered: new Date(startsAtMs).toISOString(), trigger_count: entry.stats.trigger_count + 1 };
    },
  };
}

export function createMemoryProjectChannels(): ProjectChannelStore {
  const channels = new Map<string, ProjectChannels>();
  return {
    async putProjectChannels(project, value) {
      channels.set(project, value);
    },
    async projectChannels(project) {
      return channels.get(project);
    },
  };
}
