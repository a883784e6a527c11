/**
 * The usage families of /metrics, kept current between scrapes: the store's change feed hands
 * over only the totals that changed, and each family keeps its series in blocks whose rendered
 * text is cached as bytes. A scrape re-renders the blocks that changed and writes the rest as
 * they are, so its cost follows what changed, not how many series there are; and no object is
 * built per series per scrape.
 *
 * A block holds up to BLOCK_SIZE series in the order they were first seen (a full read's series
 * sorted by project and region), so adding a series never moves the others.
 */
import { USAGE_TYPES, usageMetrics, type MetricDefinition, type UsageType } from '../../../common/metrics/catalogue';
import { RECORDED_FIELD_MARK } from '../recorded/model';
import type { UsageChangeSink } from '../store/types';
import { escapeHelp, escapeLabel, formatValue } from './exposition-text';
import { createRecordedExposition } from './recorded-exposition';

const BLOCK_SIZE = 512;

export interface UsageExposition extends UsageChangeSink {
  /** The text of every usage family, header and series, as bytes to write in this order. */
  chunks(): Buffer[];
  /** Series held. */
  size(): number;
}

interface Block {
  /** Series fields as the store names them: ["project","region","type"]. */
  readonly fields: string[];
  /** Their values: numbers only, so V8 keeps them unboxed (8 bytes each, no string per value). */
  readonly values: number[];
  text: Buffer | undefined;
}

interface Family {
  readonly def: MetricDefinition;
  readonly header: Buffer;
  readonly blocks: Block[];
  /** Field → block × BLOCK_SIZE + position: a small integer, no object per series. */
  readonly where: Map<string, number>;
  /** Series first seen since the last render, placed then. */
  readonly pending: Map<string, number>;
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
    const family: Family = { def, header: Buffer.from(familyHeader(def)), blocks: [], where: new Map(), pending: new Map() };
    families.set(type, family);
    return family;
  });

  return {
    full() {
      for (const family of order) {
        family.blocks.length = 0;
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
        const block = family.blocks[Math.floor(at / BLOCK_SIZE)];
        const position = at % BLOCK_SIZE;
        if (!Object.is(block.values[position], number)) {
          block.values[position] = number;
          block.text = undefined;
        }
        return;
      }
      family.pending.set(field, number);
    },

    chunks() {
      const chunks: Buffer[] = [];
      for (const family of order) {
        placePending(family);
        chunks.push(family.header);
        for (const block of family.blocks) {
          block.text ??= renderBlock(family.def.name, block);
          chunks.push(block.text);
        }
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
  const fields = [...family.pending.keys()].sort();
  for (const field of fields) {
    let last = family.blocks[family.blocks.length - 1];
    if (!last || last.fields.length >= BLOCK_SIZE) {
      last = { fields: [], values: [], text: undefined };
      family.blocks.push(last);
    }
    family.where.set(field, (family.blocks.length - 1) * BLOCK_SIZE + last.fields.length);
    last.fields.push(field);
    last.values.push(family.pending.get(field)!);
    last.text = undefined;
  }
  family.pending.clear();
}

function renderBlock(name: string, block: Block): Buffer {
  let text = '';
  for (let i = 0; i < block.fields.length; i++) {
    const labels = seriesLabels(block.fields[i]);
    if (labels) text += `${name}{project="${escapeLabel(labels[0])}",region="${escapeLabel(labels[1])}"} ${formatValue(block.values[i])}\n`;
  }
  return Buffer.from(text);
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
