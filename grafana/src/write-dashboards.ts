/** The only code that touches grafana/dashboards: write the rendered files, or compare them. */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RenderedFile } from './render/render-dashboards';

const isDashboardFile = (name: string): boolean => name.endsWith('.json');

/** Writes every file and removes dashboards no longer generated. Returns the names written. */
export function writeDashboards(dir: string, files: readonly RenderedFile[]): string[] {
  mkdirSync(dir, { recursive: true });
  const wanted = new Set(files.map((file) => file.name));
  for (const name of readdirSync(dir).filter(isDashboardFile)) if (!wanted.has(name)) rmSync(join(dir, name));
  for (const file of files) writeFileSync(join(dir, file.name), file.text);
  return files.map((file) => file.name);
}

/** What differs between the folder and the rendered files; empty when they match byte for byte. */
export function compareDashboards(dir: string, files: readonly RenderedFile[]): string[] {
  const problems: string[] = [];
  const present = existsSync(dir) ? readdirSync(dir).filter(isDashboardFile).sort() : [];
  const wanted = new Set(files.map((file) => file.name));
  for (const file of files) {
    const path = join(dir, file.name);
    if (!existsSync(path)) problems.push(`${path}: missing`);
    else if (readFileSync(path, 'utf8') !== file.text) problems.push(`${path}: differs from what grafana/src generates`);
  }
  for (const name of present) if (!wanted.has(name)) problems.push(`${join(dir, name)}: no longer generated`);
  return problems;
}
