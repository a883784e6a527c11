/**
 * The usage families of /metrics, kept current between scrapes: the store's change feed hands
 * over only the totals that changed, and each family keeps its series' text in blocks cached as
 * bytes (rendered-blocks.ts). A scrape re-renders the blocks that changed and writes the rest as
 * they are, so its cost follows what changed, not how many series there are; and no object is
 * built per series per scrape.
 *
 * Series keep the position they were first placed at (a full read's series sorted by project and
 * region), so adding a series never moves the others.
 */
import { USAGE_TYPES, usageMetrics, type MetricDefinition, type UsageType } from '../../../common/metrics/catalogue';
import { RECORDED_FIELD_MARK } from '../recorded/model';
import type { UsageChangeSink } from '../store/types';
import { escapeHelp, escapeLabel, formatValue, needsParsing } from './exposition-text';
import { createRecordedExposition } from './recorded-exposition';
import { createRenderedBlocks, type RenderedBlocks } from './rendered-blocks';

export interface UsageExposition extends UsageChangeSink {
  /** The text of every usage family, header and series, as bytes to write in this order. */
  chunks(): Buffer[];
  /** Series held. */
  size(): number;
}

interface Family {
  readonly def: MetricDefinition;
  readonly header: Buffer;
  /** By position: the series field as the store names it (["project","region","type"]), and its value. */
  readonly fields: string[];
  /** Numbers only, so V8 keeps them unboxed (8 bytes each, no string per value). */
  readonly values: number[];
  readonly blocks: RenderedBlocks;
  /** Field → position: a small integer, no object per series. */
  readonly where: Map<string, number>;
  /** Series first seen since the last render, placed then. */
  readonly pending: Map<string, number>;
  /** `name{project="`, the start of every series line. */
  readonly prefix: Buffer;
  /** Where blocks are rendered before being copied out, reused from block to block. */
  scratch: Buffer;
}

export { escapeHelp, escapeLabel, formatValue };

export function familyHeader(def: MetricDefinition): string {
  return `# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}\n`;
}

/** The usage type a series field ends with: `…,"participant_minutes"]`; type names need no escaping. */
function typeOfField(field: string): string {
  return field.slice(field.lastIndexOf('"', field.length - 3) + 1, -2);
}

export function createUsageExposition(): UsageExposition {
  const families = new Map<string, Family>();
  let recorded = createRecordedExposition();
  const order: Family[] = USAGE_TYPES.map((type: UsageType) => {
    const def = usageMetrics[type];
    const family: Family = { def, header: Buffer.from(familyHeader(def)), fields: [], values: [], blocks: createRenderedBlocks(), where: new Map(), pending: new Map(), prefix: Buffer.from(`${def.name}{project="`), scratch: Buffer.alloc(0) };
    families.set(type, family);
    return family;
  });

  return {
    full() {
      for (const family of order) {
        family.fields.length = 0;
        family.values.length = 0;
        family.blocks.clear();
        family.where.clear();
        family.pending.clear();
      }
      recorded = createRecordedExposition();
    },

    total(field, value) {
      if (field.startsWith(RECORDED_FIELD_MARK)) return recorded.total(field, Number(value));
      const family = families.get(typeOfField(field));
      if (!family) return; // not a series this exporter knows: nothing to expose
      const number = Number(value);
      const at = family.where.get(field);
      if (at !== undefined) {
        if (!Object.is(family.values[at], number)) {
          family.values[at] = number;
          family.blocks.changed(at);
        }
        return;
      }
      family.pending.set(field, number);
    },

    chunks() {
      const chunks: Buffer[] = [];
      for (const family of order) {
        placePending(family);
        chunks.push(family.header, ...family.blocks.chunks(family.fields.length, (from, to) => renderRange(family, from, to)));
      }
      chunks.push(...recorded.chunks());
      return chunks;
    },

    size() {
      let size = recorded.size();
      for (const family of order) size += family.where.size + family.pending.size;
      return size;
    },
  };
}

/** Appends the pending series, sorted among themselves, after the series already placed. */
function placePending(family: Family): void {
  if (family.pending.size === 0) return;
  family.blocks.movedFrom(family.fields.length);
  for (const field of [...family.pending.keys()].sort()) {
    family.where.set(field, family.fields.length);
    family.fields.push(field);
    family.values.push(family.pending.get(field)!);
  }
  family.pending.clear();
}

/**
 * The text of positions [from, to), written straight into bytes: at a full read of 200k series a
 * block built as a string left a chain of concatenations, a flattened copy and the parsed labels of
 * every series behind it, which was the exporter's peak of resident memory (bench/README.md).
 */
function renderRange(family: Family, from: number, to: number): Buffer {
  const { prefix } = family;
  const out = new ByteWriter(family.scratch);
  for (let position = from; position < to; position++) {
    const field = family.fields[position];
    const plain = plainLabels(field);
    if (plain) {
      out.bytes(prefix).text(field.slice(2, plain[0])).bytes(REGION_LABEL).text(field.slice(plain[0] + 3, plain[1]));
    } else {
      const labels = seriesLabels(field);
      if (!labels) continue;
      out.bytes(prefix).text(escapeLabel(labels[0])).bytes(REGION_LABEL).text(escapeLabel(labels[1]));
    }
    out.bytes(VALUE_SEPARATOR).text(formatValue(family.values[position])).bytes(NEWLINE);
  }
  family.scratch = out.buffer;
  return out.copy();
}

const REGION_LABEL = Buffer.from('",region="');
const VALUE_SEPARATOR = Buffer.from('"} ');
const NEWLINE = Buffer.from('\n');

/**
 * Where the project and region of a field end, when the field is a store's JSON of three strings
 * holding no backslash or control character: then every quote in it is JSON's own, and the text
 * between them is already the label value as the text format escapes it (neither format escapes
 * anything else).
 */
function plainLabels(field: string): [number, number] | undefined {
  if (!field.startsWith('["') || !field.endsWith('"]') || needsParsing(field)) return undefined;
  const projectEnd = field.indexOf('"', 2);
  if (!field.startsWith('","', projectEnd)) return undefined;
  const regionEnd = field.indexOf('"', projectEnd + 3);
  if (!field.startsWith('","', regionEnd) || field.indexOf('"', regionEnd + 3) !== field.length - 2) return undefined;
  return [projectEnd, regionEnd];
}

/** Appends text and bytes to a scratch buffer, doubling it when full. */
class ByteWriter {
  private length = 0;
  constructor(public buffer: Buffer) {}

  bytes(bytes: Buffer): this {
    this.room(bytes.length);
    this.length += bytes.copy(this.buffer, this.length);
    return this;
  }

  text(text: string): this {
    this.room(3 * text.length); // UTF-8 takes at most 3 bytes per UTF-16 unit
    this.length += this.buffer.write(text, this.length);
    return this;
  }

  /** The bytes written, as a buffer of their own (the scratch is reused for the next block). */
  copy(): Buffer {
    return Buffer.from(this.buffer.subarray(0, this.length));
  }

  private room(needed: number): void {
    if (this.length + needed <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.length + needed));
    this.buffer.copy(grown, 0, 0, this.length);
    this.buffer = grown;
  }
}

/** Project and region of a series field, or undefined for a field no store writes. */
function seriesLabels(field: string): [string, string] | undefined {
  try {
    const parsed: unknown = JSON.parse(field);
    if (Array.isArray(parsed) && parsed.length === 3 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') return [parsed[0], parsed[1]];
  } catch {
    // not JSON: skipped like any other malformed field
  }
  return undefined;
}
