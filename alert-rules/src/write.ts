/** The only I/O of the generator: writes the rendered files and removes generated files no longer produced. */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

function listFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => (entry.isDirectory() ? listFiles(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function writeGenerated(outDir: string, files: ReadonlyMap<string, string>): { written: number; removed: string[] } {
  const removed: string[] = [];
  for (const path of listFiles(outDir)) {
    const rel = relative(outDir, path);
    if (rel.endsWith('.yml') && !files.has(rel)) {
      rmSync(path);
      removed.push(rel);
    }
  }
  for (const [rel, text] of files) {
    const path = join(outDir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
  return { written: files.size, removed };
}

/** Files that differ from what would be generated: changed, missing, or no longer generated. */
export function staleFiles(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const stale: string[] = [];
  for (const [rel, text] of files) {
    let current: string | undefined;
    try {
      current = readFileSync(join(outDir, rel), 'utf8');
    } catch {
      current = undefined;
    }
    if (current !== text) stale.push(current === undefined ? `${rel} (missing)` : `${rel} (changed)`);
  }
  for (const path of listFiles(outDir)) {
    const rel = relative(outDir, path);
    if (rel.endsWith('.yml') && !files.has(rel)) stale.push(`${rel} (no longer generated)`);
  }
  return stale;
}
