/**
 * Test helper: finds every secret file a rendered configuration names (the values of its
 * `*_file` keys) and writes a dummy secret into each, so Alertmanager starts on files that exist,
 * as in production.
 */
import { writeFileSync } from 'node:fs';

/** Values of every `*_file` key anywhere in a parsed configuration. */
export function secretFilePaths(config: unknown): string[] {
  if (Array.isArray(config)) return config.flatMap(secretFilePaths);
  if (config === null || typeof config !== 'object') return [];
  return Object.entries(config).flatMap(([key, value]) =>
    key.endsWith('_file') && typeof value === 'string' ? [value] : secretFilePaths(value),
  );
}

export function writeSecretFiles(config: unknown): void {
  for (const path of new Set(secretFilePaths(config))) {
    // Slack's secret is a URL; pointing it at a closed loopback port keeps tests off the network.
    writeFileSync(path, path.includes('api-url') ? 'http://127.0.0.1:9/slack\n' : 'test-secret\n', { mode: 0o600 });
  }
}
