/**
 * Routing spec text → validated, frozen RoutingSpec. Pure: the caller reads the file, so the
 * loader can be given any text (tests, the CLI, a reload).
 */
import { parse } from 'yaml';
import { ConfigError } from '../../../common/config/errors';
import { parseYamlWith, problemAt, yamlLocator } from '../../../common/config/yaml-validation';
import { findLiteralSecrets } from './literal-secrets';
import { checkRoutingSpec, type RoutingProblem } from './routing-spec-checks';
import { routingSpecSchema, type RoutingSpec } from './routing-spec-schema';

/** Throws ConfigError listing every problem as `file:line: key.path: message`. */
export function loadRoutingSpec(text: string, file: string): RoutingSpec {
  throwIfAny(findLiteralSecrets(rawDocument(text)), text, file);
  const spec = parseYamlWith(routingSpecSchema, text, file);
  throwIfAny(checkRoutingSpec(spec), text, file);
  return deepFreeze(spec);
}

/** The document as plain data, or nothing when it is not valid YAML (parseYamlWith then says why). */
function rawDocument(text: string): unknown {
  try {
    return parse(text);
  } catch {
    return undefined;
  }
}

function throwIfAny(problems: readonly RoutingProblem[], text: string, file: string): void {
  if (problems.length === 0) return;
  const locator = yamlLocator(text, file);
  throw new ConfigError(problems.map(({ path, message }) => problemAt(locator, path, message)));
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
