import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { ConfigError } from '../../../common/config/errors';
import { parseYamlWith, problemAt, yamlLocator } from '../../../common/config/yaml-validation';
import type { PulseConfig } from './model';
import { resolveConfig } from './resolve';
import { pulseConfigSchema } from './schema';

export interface LoadOptions {
  readonly vantageOverride?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Reads, validates and resolves a pulse.yml; throws ConfigError (every problem) or a read error. */
export function loadConfigFile(file: string, options: LoadOptions = {}): PulseConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`read config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  return parseConfigText(text, file, options);
}

export function parseConfigText(text: string, file: string, options: LoadOptions = {}): PulseConfig {
  const env = options.env ?? process.env;
  const spec = parseYamlWith(pulseConfigSchema, text, file);
  const locator = yamlLocator(text, file);
  const baseDir = dirname(resolvePath(file));
  return resolveConfig(spec, {
    sourceFile: file,
    readFile: (path) => readFileSync(resolvePath(baseDir, path), 'utf8'),
    problem: (path, message) => problemAt(locator, path, message),
    vantageOverride: options.vantageOverride ?? (env.PULSE_VANTAGE || undefined),
    env,
  });
}

export { ConfigError };
