/**
 * Keeps each project's rule file equal to what the store says: every source (project alerts;
 * custom metrics later) renders its groups for the project, the writer writes the file whole, and
 * Prometheus is reloaded when a file changed. A reload that failed is retried on the next sync.
 * Every replica runs the same syncs over the same store and renders the same bytes, so replicas
 * agree on the files; a restart rebuilds them with syncAll().
 */
import type { Logger } from '../../../common/log';
import type { RuleGroup } from '../../../alert-rules/src/model/types';
import type { PrometheusApi } from './prometheus-api';
import { renderProjectRules } from './rule-file';
import type { RuleFileWriter } from './rule-file-writer';

export interface ProjectRuleSource {
  /** Projects this source has rules for. */
  projects(): Promise<readonly string[]>;
  groups(project: string): Promise<readonly RuleGroup[]>;
}

export interface SyncOutcome {
  /** Files written or removed. */
  readonly changed: number;
  /** Whether Prometheus has loaded the files as they are now (false: the reload failed and is retried). */
  readonly loaded: boolean;
  readonly error?: string;
}

export interface ProjectRuleSync {
  syncProject(project: string): Promise<SyncOutcome>;
  /** Every project of every source, and removes files of projects none of them has any more. */
  syncAll(): Promise<SyncOutcome>;
}

export function createProjectRuleSync(deps: { writer: RuleFileWriter; sources: readonly ProjectRuleSource[]; prometheus: PrometheusApi; log: Logger }): ProjectRuleSync {
  let reloadPending = false;
  // One sync at a time in this process: two overlapping syncs of a project could write in either order.
  let queue: Promise<unknown> = Promise.resolve();

  async function write(project: string): Promise<boolean> {
    const groups = (await Promise.all(deps.sources.map((s) => s.groups(project)))).flat();
    return deps.writer.put(project, renderProjectRules(groups));
  }

  async function finish(changed: number): Promise<SyncOutcome> {
    if (changed > 0) reloadPending = true;
    if (!reloadPending) return { changed, loaded: true };
    try {
      await deps.prometheus.reload();
      reloadPending = false;
      return { changed, loaded: true };
    } catch (error) {
      const message = (error as Error).message;
      deps.log.warn({ error: message }, 'project rule files written; Prometheus reload failed, retried on the next sync');
      return { changed, loaded: false, error: message };
    }
  }

  function serial<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  }

  return {
    // A definition is stored before its file is written: a write that fails is reported (and
    // retried by the next syncAll), never thrown, so the caller does not store it twice.
    syncProject: (project) =>
      serial(async () => {
        let changed: boolean;
        try {
          changed = await write(project);
        } catch (error) {
          const message = (error as Error).message;
          deps.log.warn({ project, error: message }, 'project rule file not written; retried on the next sync');
          return { changed: 0, loaded: false, error: message };
        }
        return finish(changed ? 1 : 0);
      }),
    syncAll: () =>
      serial(async () => {
        const lists = await Promise.all([deps.writer.projects(), ...deps.sources.map((s) => s.projects())]);
        const projects = [...new Set(lists.flat())].sort();
        let changed = 0;
        for (const project of projects) if (await write(project)) changed++;
        return finish(changed);
      }),
  };
}
