import { launchProcess } from './child-process';

const node = (script: string) => ({ command: process.execPath, args: ['-e', script] });

describe('launchProcess', () => {
  it('names the install hint when the command is missing', async () => {
    await expect(launchProcess({ name: 'widget', command: '/nonexistent/widget', args: [], ready: async () => true, readyTimeoutMs: 5000, installHint: 'install widget' })).rejects.toThrow('widget not found: install widget');
  });

  it('says when the process exits before it is ready, with what it wrote', async () => {
    await expect(launchProcess({ name: 'quitter', ...node('console.error("bad flag"); process.exit(3)'), ready: async () => false, readyTimeoutMs: 10_000 })).rejects.toThrow(/quitter exited with 3 before it was ready:\nbad flag/);
  });

  it('stops a process that is not ready in time', async () => {
    const error = await launchProcess({ name: 'sleeper', ...node('setInterval(() => {}, 1000)'), ready: async () => false, readyTimeoutMs: 300 }).catch((e: Error) => e);
    expect((error as Error).message).toMatch(/^sleeper not ready after 0.3 s/);
  });

  it('returns once ready, and stop() ends it', async () => {
    let asked = 0;
    const launched = await launchProcess({ name: 'server', ...node('setInterval(() => {}, 1000)'), ready: async () => ++asked >= 3, readyTimeoutMs: 10_000 });
    expect(launched.child.exitCode).toBeNull();
    await launched.stop();
    expect(launched.child.signalCode).toBe('SIGTERM');
  });
});
