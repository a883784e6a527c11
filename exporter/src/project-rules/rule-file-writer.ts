/**
 * The only file-system I/O of the project rules: a file is written whole (a temporary file in the
 * same directory, then rename), so Prometheus never reads half a file, and only when its bytes
 * change, so an unchanged sync needs no reload.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { projectOfFileName, projectRuleFileName } from './rule-file';

export interface RuleFileWriter {
  /** Writes (or, for undefined, removes) the project's file; resolves whether anything changed. */
  put(project: string, text: string | undefined): Promise<boolean>;
  /** Projects that have a file now. */
  projects(): Promise<string[]>;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export function createRuleFileWriter(dir: string): RuleFileWriter {
  return {
    async put(project, text) {
      const path = join(dir, projectRuleFileName(project));
      if ((await readOrUndefined(path)) === text) return false;
      if (text === undefined) {
        await rm(path, { force: true });
        return true;
      }
      await mkdir(dir, { recursive: true });
      // Not matching *.rules.yml, so Prometheus never loads a temporary file.
      const temporary = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      try {
        await writeFile(temporary, text);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw new Error(`write ${path}: ${(error as Error).message}`, { cause: error });
      }
      return true;
    },
    async projects() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return names.map(projectOfFileName).filter((p): p is string => p !== undefined);
    },
  };
}
