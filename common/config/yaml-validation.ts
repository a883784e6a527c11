import { basename } from 'node:path';
import { LineCounter, parseDocument, visit, type Alias, type Document, type Node } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './errors';
import { formatValue, type KeyPath } from './path';

/**
 * Parses YAML text and validates it with a zod schema. Every problem names the file, the line,
 * the key path and the bad value; nothing is returned unless the whole document is valid.
 */
export function parseYamlWith<S extends z.ZodType>(schema: S, text: string, filePath: string): z.output<S> {
  const file = basename(filePath);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    // The first syntax error is the real one; the rest usually follow from it.
    const error = doc.errors[0];
    throw new ConfigError([{ file, line: lines.linePos(error.pos[0]).line, path: [], message: `invalid YAML: ${error.message.split('\n')[0]}` }]);
  }
  const data = toData(doc, lines, file);
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((issue) => toProblem(issue, data, doc, lines, file)));
}

/**
 * The document as plain data. The yaml package refuses aliases that expand too far (a "billion
 * laughs" file) with a bare error; this names the file and the line of the first alias that
 * expands aliases of its own, where the blow-up starts.
 */
function toData(doc: Document, lines: LineCounter, file: string): unknown {
  try {
    return doc.toJS();
  } catch (error) {
    const alias = firstNestedAlias(doc);
    const line = alias?.range ? lines.linePos(alias.range[0]).line : undefined;
    throw new ConfigError([{ file, line, path: [], message: `aliases expand too far, not loaded: ${(error as Error).message}` }]);
  }
}

function firstNestedAlias(doc: Document): Alias | undefined {
  let found: Alias | undefined;
  visit(doc, {
    Alias(_key, alias) {
      const target = alias.resolve(doc);
      if (target && containsAlias(target)) {
        found = alias;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

function containsAlias(node: Node): boolean {
  let contains = false;
  visit(node, {
    Alias() {
      contains = true;
      return visit.BREAK;
    },
  });
  return contains;
}

/** A problem found after schema validation (cross-field rules), located the same way. */
export function problemAt(doc: YamlLocator, path: KeyPath, message: string): ConfigProblem {
  return { file: doc.file, line: doc.lineOf(path), path, message };
}

/** Finds lines of key paths in a YAML text, for problems found after parsing. */
export interface YamlLocator {
  readonly file: string;
  lineOf(path: KeyPath): number | undefined;
}

export function yamlLocator(text: string, filePath: string): YamlLocator {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return { file: basename(filePath), lineOf: (path) => lineOfPath(doc, lines, path) };
}

function toProblem(issue: z.core.$ZodIssue, data: unknown, doc: Document, lines: LineCounter, file: string): ConfigProblem {
  if (issue.code === 'unrecognized_keys') {
    const path = [...issue.path, issue.keys[0]];
    const others = issue.keys.length > 1 ? ` (and ${issue.keys.slice(1).map((k) => `"${k}"`).join(', ')})` : '';
    return { file, line: lineOfPath(doc, lines, path), path, message: `unknown key "${issue.keys[0]}"${others}` };
  }
  const path = issue.path;
  const value = valueAt(data, path);
  return { file, line: lineOfPath(doc, lines, path), path, message: describeIssue(issue, value) };
}

function describeIssue(issue: z.core.$ZodIssue, value: unknown): string {
  const got = ` (got ${formatValue(value)})`;
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined) return 'is required';
      return `must be ${article(issue.expected === 'int' ? 'integer' : issue.expected)}${got}`;
    case 'invalid_value':
      if (value === undefined) return `is required (one of ${issue.values.map((v) => String(v)).join(', ')})`;
      return `must be one of ${issue.values.map((v) => String(v)).join(', ')}${got}`;
    case 'invalid_union':
      // zod reports an unknown discriminator (probe kind) with the options it expected.
      if ('options' in issue && Array.isArray(issue.options)) {
        const options: unknown[] = issue.options;
        return `must be one of ${options.map(String).join(', ')}${got}`;
      }
      return `${issue.message}${got}`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)${got}`;
      if (issue.origin === 'string') return `must not be empty${got}`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}${got}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item(s)${got}`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters${got}`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

function valueAt(data: unknown, path: KeyPath): unknown {
  let node = data;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[key as string];
  }
  return node;
}

/** Line of the deepest node along the path that exists: the parent's, for a missing key. */
function lineOfPath(doc: Document, lines: LineCounter, path: KeyPath): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const prefix = path.slice(0, depth) as unknown[];
    const node = depth === 0 ? doc.contents : doc.getIn(prefix, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) {
      return lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}
