/**
 * CPU time and resident memory of one process, from Linux's own accounting in /proc. The CPU of
 * every thread of the process is counted (Go's scheduler threads, Node's worker pool alike), so
 * two tools written in different runtimes compare fairly.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Clock ticks per second of utime/stime; asked once per run, 100 on every common kernel. */
export function clockTicksPerSecond(): number {
  try {
    const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

/** User + system CPU seconds the process has used so far. */
export function cpuSeconds(pid: number, ticksPerSecond: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces and parentheses; the fields after the last ')' are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // utime and stime are fields 14 and 15 of the whole line, so 11 and 12 after the name.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error(`cannot read CPU times of process ${pid}`);
  return (utime + stime) / ticksPerSecond;
}

export interface MemoryFacts {
  /** Resident set size now. */
  readonly rssBytes: number;
  /** The highest resident set size the process has reached. */
  readonly peakRssBytes: number;
}

export function memoryOf(pid: number): MemoryFacts {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = (field: string): number => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${field} in /proc/${pid}/status`);
    return Number(match[1]) * 1024;
  };
  return { rssBytes: kilobytes('VmRSS'), peakRssBytes: kilobytes('VmHWM') };
}

/** Measures the CPU a set of processes spend while `work` runs. */
export async function measureCpu<T>(pids: Readonly<Record<string, number>>, ticksPerSecond: number, work: () => Promise<T>): Promise<{ result: T; cpuSeconds: Record<string, number>; wallSeconds: number }> {
  const read = () => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid, ticksPerSecond)]));
  const before = read();
  const started = performance.now();
  const result = await work();
  const wallSeconds = (performance.now() - started) / 1000;
  const after = read();
  const used = Object.fromEntries(Object.keys(pids).map((name) => [name, after[name] - before[name]]));
  return { result, cpuSeconds: used, wallSeconds };
}
