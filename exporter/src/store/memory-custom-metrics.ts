/** The custom-metric part of the memory store: definitions per project, names unique in a project. */
import type { CustomMetric } from '../custom-metrics/types';
import { byCreation } from './project-alert-order';
import type { CustomMetricStore } from './types';

export function createMemoryCustomMetrics(): CustomMetricStore {
  const projects = new Map<string, Map<string, CustomMetric>>();
  const of = (project: string) => projects.get(project) ?? new Map<string, CustomMetric>();
  const nameTaken = (metric: CustomMetric) => [...of(metric.project_id).values()].some((m) => m.name === metric.name && m.id !== metric.id);

  return {
    async createCustomMetric(metric, maxPerProject) {
      const metrics = of(metric.project_id);
      if (metrics.size >= maxPerProject) return 'limit';
      if (nameTaken(metric)) return 'name_taken';
      metrics.set(metric.id, metric);
      projects.set(metric.project_id, metrics);
      return 'ok';
    },
    async listCustomMetrics(project) {
      return [...of(project).values()].sort(byCreation);
    },
    async replaceCustomMetric(metric) {
      const metrics = of(metric.project_id);
      if (!metrics.has(metric.id)) return 'missing';
      if (nameTaken(metric)) return 'name_taken';
      metrics.set(metric.id, metric);
      return 'ok';
    },
    async deleteCustomMetric(project, id) {
      const metrics = of(project);
      const found = metrics.delete(id);
      if (metrics.size === 0) projects.delete(project);
      return found;
    },
    async customMetricProjects() {
      return [...projects.keys()].sort();
    },
  };
}
