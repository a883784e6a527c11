/** Test helper: the routing specs the tests render — the committed default and the golden inputs. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRoutingSpec } from '../load-routing-spec';
import type { RoutingSpec } from '../routing-spec-schema';

export const DEFAULT_SPEC_FILE = join(__dirname, '../../../specs/routing.yaml');
export const ROUTING_TESTDATA = join(__dirname, '../../../testdata/routing');

export interface NamedSpec {
  /** "default" for specs/routing.yaml, else the golden input's name without in- and .yaml. */
  readonly name: string;
  readonly file: string;
  readonly spec: RoutingSpec;
}

export function loadSpecFile(file: string): RoutingSpec {
  return loadRoutingSpec(readFileSync(file, 'utf8'), file);
}

/** The default spec first, then every testdata/routing/in-*.yaml. */
export function goldenSpecs(): NamedSpec[] {
  const inputs = readdirSync(ROUTING_TESTDATA)
    .filter((name) => name.startsWith('in-') && name.endsWith('.yaml'))
    .sort()
    .map((name) => ({ name: name.slice('in-'.length, -'.yaml'.length), file: join(ROUTING_TESTDATA, name) }));
  return [{ name: 'default', file: DEFAULT_SPEC_FILE }, ...inputs].map(({ name, file }) => ({ name, file, spec: loadSpecFile(file) }));
}

/** Where the golden output of a spec lives. */
export function goldenOutputFile(name: string): string {
  return join(ROUTING_TESTDATA, `out-${name}.alertmanager.yml`);
}
