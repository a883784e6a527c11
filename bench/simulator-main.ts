/**
 * Child-process entry of the bench's region simulator: the same simulator as the demo, with the
 * regions given as JSON in argv[2] on free ports, in its own process so its CPU (it answers every
 * probe) neither counts against a tool under test nor slows the load generator. Prints one JSON
 * line (control URL and regions) once listening; stops on SIGTERM.
 */
import { createSimulator, type SimulatedRegionSpec } from '../demo/simulator/simulator';

async function main(): Promise<void> {
  const regions = JSON.parse(process.argv[2] ?? '[]') as SimulatedRegionSpec[];
  const simulator = await createSimulator({ regions });
  process.stdout.write(`${JSON.stringify({ controlUrl: simulator.controlUrl, regions: simulator.regions() })}\n`);
  process.once('SIGTERM', () => {
    void simulator.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`bench simulator: ${(error as Error).message}\n`);
  process.exit(1);
});
