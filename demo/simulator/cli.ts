import { parseArgs } from 'node:util';
import { DEFAULT_CONTROL_PORT } from './default-regions';
import type { SimulatedRegionInfo } from './types';

export interface CliOptions {
  readonly host: string;
  readonly controlPort: number;
  /** Where to write the PEM a client must trust. */
  readonly caOut?: string;
  readonly seed?: number;
  readonly help: boolean;
}

export const USAGE = `usage: tsx demo/simulator/main.ts [--host 127.0.0.1] [--control-port ${DEFAULT_CONTROL_PORT}] [--ca-out path] [--seed n]

Runs the six default fake regions (HTTP, HTTPS and wss:// on fixed ports) and the control API.`;

/** Reads the command line; throws an Error naming the bad flag. */
export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        host: { type: 'string' },
        'control-port': { type: 'string' },
        'ca-out': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error((error as Error).message, { cause: error });
  }
  return {
    host: values.host ?? '127.0.0.1',
    controlPort: values['control-port'] === undefined ? DEFAULT_CONTROL_PORT : readInteger('--control-port', values['control-port'], 65_535),
    caOut: values['ca-out'],
    seed: values.seed === undefined ? undefined : readInteger('--seed', values.seed, 0xffff_ffff),
    help: values.help ?? false,
  };
}

function readInteger(flag: string, text: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) throw new Error(`${flag}: must be a whole number from 0 to ${max} (got ${JSON.stringify(text)})`);
  return value;
}

/** One line per region with its URLs, then the control API, padded into columns. */
export function formatRegionLines(regions: readonly SimulatedRegionInfo[], controlUrl: string): string[] {
  const width = Math.max(7, ...regions.map((region) => region.code.length));
  const lines = regions.map(
    (region) =>
      `${region.code.padEnd(width)}  ${region.healthUrl}  ${region.tlsHealthUrl}  ${region.mediaUrl}  ${region.latencyMs}ms`,
  );
  lines.push(`${'control'.padEnd(width)}  ${controlUrl}/regions`);
  return lines;
}
