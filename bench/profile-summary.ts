/**
 * Summarises a V8 CPU profile (.cpuprofile, as `--cpu-prof` writes it): self time by function and
 * by package or source folder, so a missed goal can be traced to its hot spots without a GUI.
 * usage: node --import tsx bench/profile-summary.ts FILE [--top N] [--from S] [--to S]
 * --from/--to keep the samples between those seconds after the profile started: a profile covers
 * the process's whole life (start-up, config parsing, warm-up), the bench measures a window of it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** node_modules/<package> (scoped too), a repository folder, or the runtime's own bucket. */
export function ownerOf(url: string): string {
  if (url === '') return '(native / runtime)';
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules) return modules[1];
  if (url.startsWith('node:')) return url;
  const repo = /\/(common|exporter|demo|forecaster|bench|scripts)\/(.*)$/.exec(url);
  return repo ? `${repo[1]}/${repo[2].split('/').slice(0, -1).join('/') || '.'}` : url;
}

/** Seconds after the profile's start; samples outside [fromS, toS] are left out. */
export interface SampleWindow {
  readonly fromS: number;
  readonly toS: number;
}

export function selfTimes(profile: CpuProfile, window: SampleWindow = { fromS: 0, toS: Infinity }): { byFunction: Map<string, number>; byOwner: Map<string, number>; totalMs: number } {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  let totalMs = 0;
  let elapsedMs = 0;
  profile.samples.forEach((id, index) => {
    const node = nodes.get(id);
    const deltaMs = (profile.timeDeltas[index] ?? 0) / 1000;
    elapsedMs += deltaMs;
    if (!node || elapsedMs < window.fromS * 1000 || elapsedMs > window.toS * 1000) return;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') return;
    totalMs += deltaMs;
    const where = url ? `${url.replace(/^.*\/(node_modules|work\/main)\//, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + deltaMs);
    byOwner.set(ownerOf(url), (byOwner.get(ownerOf(url)) ?? 0) + deltaMs);
  });
  return { byFunction, byOwner, totalMs };
}

function top(map: Map<string, number>, count: number, totalMs: number): string {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, value]) => `${((100 * value) / totalMs).toFixed(1).padStart(5)} %  ${value.toFixed(0).padStart(7)} ms  ${name}`)
    .join('\n');
}

function main(): void {
  const { values, positionals } = parseArgs({ options: { top: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } }, allowPositionals: true });
  const window = { fromS: Number(values.from ?? 0), toS: Number(values.to ?? Infinity) };
  if (positionals.length !== 1 || !(window.fromS >= 0 && window.toS > window.fromS)) {
    process.stderr.write('usage: node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--from S] [--to S] (0 <= from < to)\n');
    process.exitCode = 2;
    return;
  }
  const count = Number(values.top ?? 30);
  const { byFunction, byOwner, totalMs } = selfTimes(JSON.parse(readFileSync(positionals[0], 'utf8')) as CpuProfile, window);
  process.stdout.write(`busy ${totalMs.toFixed(0)} ms (idle excluded)\n\nself time by package or folder:\n${top(byOwner, count, totalMs)}\n\nself time by function:\n${top(byFunction, count, totalMs)}\n`);
}

if (require.main === module) main();
