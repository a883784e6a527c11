/**
 * The demo projects (demo-acme, …, the traffic generator's) as `npm start` and `npm run stack`
 * declare them: undeclared projects matching the stack config's `project_pattern`, reached with one
 * shared key kept in `.stack/secrets/demo-key` (made on first use, kept after).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { parse, parseDocument } from 'yaml';
import { DEMO_PROJECTS } from '../demo/usage-model';

const ROOT = join(__dirname, '..');
export const DEMO_KEY_FILE = join(ROOT, '.stack/secrets/demo-key');
/** The stack's exporter config: the one home of the demo projects' pattern. */
const STACK_CONFIG = join(ROOT, 'exporter/config/pulse.stack.yml');

/** Makes the demo key file when it is missing (as the stack's start-up does). */
export function ensureDemoKey(): void {
  if (existsSync(DEMO_KEY_FILE)) return;
  mkdirSync(dirname(DEMO_KEY_FILE), { recursive: true, mode: 0o700 });
  writeFileSync(DEMO_KEY_FILE, randomBytes(24).toString('hex'), { mode: 0o600 });
}

/**
 * Writes `config` with the stack's `project_pattern` added (its key file made absolute) to `out`,
 * and returns `out`: the default config, plus the demo projects.
 */
export function withDemoProjects(config: string, out: string, keyFile = DEMO_KEY_FILE): string {
  const pattern = (parse(readFileSync(STACK_CONFIG, 'utf8')) as { project_pattern: Record<string, unknown> }).project_pattern;
  const document = parseDocument(readFileSync(config, 'utf8'));
  document.set('project_pattern', { ...pattern, key_file: keyFile });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `# Written by npm start: ${relative(ROOT, config)} plus the demo projects of ${relative(ROOT, STACK_CONFIG)}.\n${document.toString()}`);
  return out;
}

/** The lines both start-up scripts print about the demo projects. */
export function demoProjectLines(exporterUrl: string): string[] {
  const keyFile = relative(process.cwd(), DEMO_KEY_FILE) || DEMO_KEY_FILE;
  return [
    `  demo projects ${DEMO_PROJECTS.join(', ')} (any demo-*): their key is in ${keyFile}`,
    `  realtime     curl -H "Authorization: Bearer $(cat ${keyFile})" ${exporterUrl}/api/v1/analytics/realtime/demo-acme`,
    `  triggers     curl -H "Authorization: Bearer $(cat ${keyFile})" ${exporterUrl}/api/v1/analytics/triggers/demo-acme?limit=5`,
  ];
}
