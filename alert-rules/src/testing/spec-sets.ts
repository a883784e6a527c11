/** Test helpers: the default spec folder with one file swapped for a test file. */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { readSpecFolder, type SpecSource } from '../spec-files/load-specs';

export const SPECS_DIR = join(__dirname, '../../specs');
export const GENERATED_DIR = join(__dirname, '../../generated');
export const TESTDATA_DIR = join(__dirname, '../../testdata');

const kindOf = (text: string) => String(parseDocument(text).get('kind'));

/** The default specs, with the spec of the same kind (or the same file name) replaced by `file`. */
export function specsWith(file: string): SpecSource[] {
  const text = readFileSync(file, 'utf8');
  const kind = kindOf(text);
  const kept = readSpecFolder(SPECS_DIR).filter((s) => kindOf(s.text) !== kind);
  return [...kept, { file: join(SPECS_DIR, basename(file)), text }];
}
