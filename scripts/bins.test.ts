/**
 * Every command in bin/ is a package bin, so `npx <command>` works in a checkout (and after
 * `npm install -g`), and each one's help exits 0.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> };
const npx = (args: readonly string[]) => spawnSync('npx', ['--offline', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

describe('package bins', () => {
  it('lists every command in bin/, each executable', () => {
    const commands = readdirSync(join(ROOT, 'bin'), { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
    expect(Object.keys(pkg.bin).sort()).toEqual(commands.sort());
    for (const [name, path] of Object.entries(pkg.bin)) {
      expect({ name, path }).toEqual({ name, path: `bin/${name}` });
      accessSync(join(ROOT, path), constants.X_OK);
    }
  });

  it.each([
    [['pulse-forecaster', '--help'], 'usage: pulse-forecaster <command>'],
    [['pulse-forecaster', 'serve', '--help'], '--config.file=PATH'],
    [['pulse-forecaster', 'backtest', '--help'], '--help'],
    [['pulse-rules', '--help'], 'usage: pulse-rules generate|check'],
  ])('npx %p exits 0 with its usage', (args, usage) => {
    const result = npx(args);
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(result.stdout).toContain(usage);
  }, 60_000);
});
