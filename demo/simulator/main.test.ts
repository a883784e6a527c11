import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');

function runMain(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    // `node --import tsx` rather than the tsx command, which would start a second Node process.
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/simulator/main.ts', ...args], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
  });
}

describe('the simulator command', () => {
  it('exits 1 naming the port when the control port is taken', async () => {
    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as net.AddressInfo).port;
    try {
      const { code, stderr } = await runMain(['--control-port', String(port)]);
      expect(code).toBe(1);
      expect(stderr).toContain(`control API: port ${port} is already in use`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
  });

  it('exits 2 with the usage on a bad flag', async () => {
    const { code, stderr } = await runMain(['--control-port', 'nine']);
    expect(code).toBe(2);
    expect(stderr).toContain('--control-port: must be a whole number');
    expect(stderr).toContain('usage:');
  });
});
