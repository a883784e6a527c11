/** The one order project alerts and custom metrics are listed and rendered in, shared by both stores. */
import type { ProjectAlert } from '../project-alerts/types';

export function byCreation(a: Pick<ProjectAlert, 'created_at' | 'id'>, b: Pick<ProjectAlert, 'created_at' | 'id'>): number {
  if (a.created_at !== b.created_at) return a.created_at < b.created_at ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}
