/** The trigger part of the memory store. */
import type { ProjectTrigger } from '../project-alerts/trigger-types';
import { MAX_TRIGGERS_PER_PROJECT, type ProjectTriggerStore } from './types';

export function createMemoryProjectTriggers(): ProjectTriggerStore {
  /** Insertion order is opening order. */
  const triggers = new Map<string, ProjectTrigger>();
  return {
    async openTrigger(trigger) {
      if (triggers.has(trigger.id)) return false;
      triggers.set(trigger.id, trigger);
      const own = [...triggers.values()].filter((t) => t.project_id === trigger.project_id);
      for (const old of own.slice(0, Math.max(0, own.length - MAX_TRIGGERS_PER_PROJECT))) triggers.delete(old.id);
      return true;
    },
    async putTrigger(trigger) {
      if (triggers.has(trigger.id)) triggers.set(trigger.id, trigger);
    },
    async trigger(id) {
      return triggers.get(id);
    },
    async projectTriggers(project, limit) {
      return [...triggers.values()].filter((t) => t.project_id === project).reverse().slice(0, limit);
    },
    async acknowledgedTriggers() {
      return [...triggers.values()].filter((t) => t.status === 'acknowledged');
    },
    async openTriggers() {
      return [...triggers.values()].filter((t) => t.status === 'triggered');
    },
  };
}
