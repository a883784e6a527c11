/**
 * `npm start`: the demo region simulator plus pulse-exporter with its default config (in-memory
 * store) and the demo projects, as two child processes. Ctrl-C stops both. Extra arguments go to
 * the exporter; with a --config.file of your own, the demo projects are not added.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_CONFIG_FILE } from '../exporter/src/cli-flags';
import { demoProjectLines, DEMO_KEY_FILE, ensureDemoKey, withDemoProjects } from './demo-projects';

const root = join(__dirname, '..');
const ownConfig = process.argv.slice(2).some((a) => a.startsWith('--config.file'));
if (!ownConfig) ensureDemoKey();
const exporterArgs = ownConfig ? process.argv.slice(2) : [`--config.file=${withDemoProjects(join(root, DEFAULT_CONFIG_FILE), join(root, '.stack/start/pulse.yml'))}`, ...process.argv.slice(2)];
const listen = exporterArgs.find((a) => a.startsWith('--web.listen-address='))?.split('=')[1] ?? ':9470';
const port = listen.split(':').pop();

function start(name: string, script: string, args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, script), ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`npm start: ${name} exited (${signal ?? code}); stopping\n`);
      stopAll(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
const children: ChildProcess[] = [];
function stopAll(code: number): void {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
  Promise.all(children.map((c) => new Promise((resolve) => (c.exitCode !== null ? resolve(null) : c.once('exit', resolve))))).then(() => process.exit(code));
}

children.push(start('simulator', 'demo/simulator/main.ts', []));
// Give the simulator a moment to bind its ports so the first probes find it.
setTimeout(() => {
  children.push(start('exporter', 'exporter/src/main.ts', exporterArgs));
  setTimeout(() => {
    if (stopping) return;
    process.stdout.write(
      [
        '',
        'Pulse is running (Ctrl-C stops it):',
        `  metrics      http://127.0.0.1:${port}/metrics`,
        `  regions API  http://127.0.0.1:${port}/api/v1/regions   (also /health, /stats, /:code)`,
        `  selection    curl -XPOST -H 'content-type: application/json' -d '{"client_ip":"81.2.69.142"}' http://127.0.0.1:${port}/api/v1/regions/nearest`,
        '  simulator    http://127.0.0.1:9480/regions   (faults: POST /regions/us-east/fault {"mode":"down"})',
        ...(ownConfig ? [] : [...demoProjectLines(`http://127.0.0.1:${port}`), `  demo usage   PULSE_DEMO_KEY_FILE=${DEMO_KEY_FILE} npm run traffic -- --exporter http://127.0.0.1:${port}`]),
        '',
      ].join('\n'),
    );
  }, 2500);
}, 1500);

process.on('SIGINT', () => stopAll(0));
process.on('SIGTERM', () => stopAll(0));
