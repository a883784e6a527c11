/** The region simulator in a child process (see simulator-main.ts), driven over its control API. */
import { join } from 'node:path';
import type { SimFault, SimFaultMode, SimulatedRegionInfo, SimulatedRegionSpec } from '../demo/simulator/simulator';
import type { Scope } from './scope';
import { startProcess } from './service';

export interface SimulatorProcess {
  readonly pid: number;
  readonly controlUrl: string;
  region(code: string): SimulatedRegionInfo;
  /** A bare mode, or a fault with its options (`{ mode: 'loss', dropEvery: 10 }`). */
  setFault(code: string, fault: SimFaultMode | SimFault): Promise<void>;
}

interface Announcement {
  readonly controlUrl: string;
  readonly regions: SimulatedRegionInfo[];
}

/** The JSON line simulator-main.ts prints once listening, or undefined before it has. */
function announcement(output: string): Announcement | undefined {
  const line = output.split('\n').find((text) => text.startsWith('{"controlUrl"'));
  if (!line || !output.includes(`${line}\n`)) return undefined;
  return JSON.parse(line) as Announcement;
}

export async function startSimulator(scope: Scope, regions: readonly SimulatedRegionSpec[]): Promise<SimulatorProcess> {
  const running = await startProcess(scope, {
    name: 'simulator',
    command: process.execPath,
    args: ['--import', 'tsx', join(__dirname, 'simulator-main.ts'), JSON.stringify(regions)],
    cwd: join(__dirname, '..'),
    ready: async (output) => announcement(output) !== undefined,
  });
  const announced = announcement(running.output())!;
  const byCode = new Map(announced.regions.map((region) => [region.code, region]));
  return {
    pid: running.pid,
    controlUrl: announced.controlUrl,
    region(code) {
      const region = byCode.get(code);
      if (!region) throw new Error(`the bench simulator has no region ${code}`);
      return region;
    },
    async setFault(code, fault) {
      const command = typeof fault === 'string' ? { mode: fault } : fault;
      const response = await fetch(`${announced.controlUrl}/regions/${code}/fault`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(command),
      });
      if (!response.ok) throw new Error(`set fault ${command.mode} on ${code}: HTTP ${response.status} ${await response.text()}`);
    },
  };
}
