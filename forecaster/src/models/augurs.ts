/**
 * Loads augurs (Grafana's forecasting library, Rust compiled to WebAssembly) synchronously.
 *
 * The package is ES modules only. Node ≥ 20.19 can `require` those, but jest's own module
 * registry cannot, so the modules are loaded with Node's require taken from the main realm
 * (`process.getBuiltinModule`). The init argument must then be a plain object of that realm,
 * because the wasm-bindgen glue tells the new call style from the old one by comparing
 * prototypes with its own `Object.prototype`.
 */
import * as nodeModule from 'node:module';
import type { AutoETS as AutoEtsClass } from '@bsull/augurs/ets';
import type { MSTL as MstlClass } from '@bsull/augurs/mstl';

export interface Augurs {
  readonly MSTL: typeof MstlClass;
  readonly AutoETS: typeof AutoEtsClass;
}

interface WasmBindgenModule {
  initSync(options: { module: Uint8Array }): unknown;
}

type NodeRequireFn = (id: string) => unknown;

/** Loads and instantiates the modules; cheap after the first call (Node caches both). */
export function loadAugurs(): Augurs {
  const load = mainRealmRequire();
  const path = load('node:path') as typeof import('node:path');
  const fs = load('node:fs') as typeof import('node:fs');
  const mstl = load('@bsull/augurs/mstl') as WasmBindgenModule & { MSTL: typeof MstlClass };
  const ets = load('@bsull/augurs/ets') as WasmBindgenModule & { AutoETS: typeof AutoEtsClass };
  const folder = path.dirname((load as NodeJS.Require).resolve('@bsull/augurs/mstl'));
  const plainPrototype = Object.getPrototypeOf(path.parse('/')) as object;
  for (const [module, file] of [[mstl, 'mstl_bg.wasm'], [ets, 'ets_bg.wasm']] as const) {
    const bytes = fs.readFileSync(path.join(folder, file));
    module.initSync(Object.setPrototypeOf({ module: bytes }, plainPrototype) as { module: Uint8Array });
  }
  return { MSTL: mstl.MSTL, AutoETS: ets.AutoETS };
}

function mainRealmRequire(): NodeRequireFn {
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  const moduleApi = (getBuiltin?.('node:module') as typeof nodeModule | undefined) ?? nodeModule;
  return moduleApi.createRequire(__filename) as NodeRequireFn;
}
