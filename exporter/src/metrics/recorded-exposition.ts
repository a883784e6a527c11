/**
 * The recorded-metrics families of /metrics (recorded/model.ts), fed by the usage change feed
 * with the usage totals. Built for a full read of tens of thousands of series and for scrapes
 * that follow few changes:
 * - a series' store field is parsed once, when the series is first seen; later values find it
 *   by the field's stem in one map and write a number into the family's flat value array (one
 *   slot for a counter or gauge, BUCKET_PARTS + 2 for a histogram): no object per series;
 * - each series keeps its label text escaped and joined, ready for every line it renders;
 * - the text is kept in blocks (rendered-blocks.ts): a changed value re-renders its block only.
 * Series are rendered sorted by their stem, so every replica writes the same text.
 */
import { bucketPart, exposedName, INF_PART, parseRecordedField, RECORDED_BUCKETS, type StoredType } from '../recorded/model';
import { escapeHelp, escapeLabel, formatValue } from './exposition-text';
import { createRenderedBlocks, type RenderedBlocks } from './rendered-blocks';

/** Histogram slots: each bucket (stored per bucket, exposed cumulative), +Inf, then sum and count. */
const BUCKET_LABELS = [...RECORDED_BUCKETS.map((bound) => [bucketPart(bound), formatValue(bound)] as const), [INF_PART, '+Inf'] as const];
const SUM_SLOT = BUCKET_LABELS.length;
const COUNT_SLOT = SUM_SLOT + 1;
const HISTOGRAM_SLOTS = COUNT_SLOT + 1;

/** A field's end after its stem (`"part"]`, as fieldOf writes it) → the value's slot. */
const fieldEnd = (part: string): string => `${JSON.stringify(part)}]`;
const SCALAR_END = fieldEnd('');
const HISTOGRAM_SLOT_OF: ReadonlyMap<string, number> = new Map([...BUCKET_LABELS.map(([part], slot) => [fieldEnd(part), slot] as const), [fieldEnd('sum'), SUM_SLOT], [fieldEnd('count'), COUNT_SLOT]]);

interface Family {
  readonly name: string;
  readonly type: StoredType;
  readonly header: Buffer;
  readonly slots: number;
  /** By series index (the order first seen): its stem, its label text. */
  readonly stems: string[];
  readonly labels: string[];
  /** Series index × slots + slot → value. */
  readonly values: number[];
  /** Render position → series index, sorted by stem; and its inverse. */
  order: Int32Array;
  positionOf: Int32Array;
  /** Series indexes from `placed` on are not in `order` yet. */
  placed: number;
  readonly blocks: RenderedBlocks;
}

export interface RecordedExposition {
  /** One recorded field's value (a field starting with `m`); other fields are ignored. */
  total(field: string, value: number): void;
  chunks(): Buffer[];
  size(): number;
}

/**
 * How a series is found by its stem without parsing: its family's index and its own, in one
 * number. So a family shows at most this many series; a series past it is not shown (README).
 */
export const SERIES_PER_FAMILY = 2 ** 26;

/** `maxSeriesPerFamily` (at most SERIES_PER_FAMILY) is smaller only in tests of the bound. */
export function createRecordedExposition(maxSeriesPerFamily = SERIES_PER_FAMILY): RecordedExposition {
  const families: Family[] = [];
  const familyByName = new Map<string, number>();
  /** Family indexes sorted by name; rebuilt after a family was added. */
  let familyOrder: number[] = [];
  const seriesByStem = new Map<string, number>();

  /** The family and series of a field seen for the first time, or undefined for a field no store writes. */
  const addSeries = (field: string, stem: string): number | undefined => {
    const parsed = parseRecordedField(field);
    if (!parsed) return undefined;
    const name = exposedName(parsed.name, parsed.type);
    let familyIndex = familyByName.get(name);
    if (familyIndex === undefined) {
      familyIndex = families.length;
      families.push(newFamily(name, parsed.type, parsed.name));
      familyByName.set(name, familyIndex);
      familyOrder = [];
    }
    const family = families[familyIndex];
    if (family.type !== parsed.type || family.stems.length >= Math.min(maxSeriesPerFamily, SERIES_PER_FAMILY)) return undefined; // model.ts's reserved suffixes keep the first from happening
    let labels = `project="${escapeLabel(parsed.project)}",category="${escapeLabel(parsed.category)}"`;
    for (const [label, text] of parsed.labels) labels += `,${label}="${escapeLabel(text)}"`;
    const series = family.stems.length;
    family.stems.push(stem);
    family.labels.push(labels);
    for (let slot = 0; slot < family.slots; slot++) family.values.push(0);
    const where = familyIndex * SERIES_PER_FAMILY + series;
    seriesByStem.set(stem, where);
    return where;
  };

  return {
    total(field, value) {
      // The stem ends before the part's opening quote: `m[…,[labels],` + `"part"]`.
      const stem = field.slice(0, field.lastIndexOf('"', field.length - 3));
      const where = seriesByStem.get(stem) ?? addSeries(field, stem);
      if (where === undefined) return;
      const family = families[Math.floor(where / SERIES_PER_FAMILY)];
      const series = where % SERIES_PER_FAMILY;
      const slot = slotOf(family, field, stem);
      if (slot === undefined) return; // a part this type does not have
      const at = series * family.slots + slot;
      if (Object.is(family.values[at], value)) return;
      family.values[at] = value;
      if (series < family.placed) family.blocks.changed(family.positionOf[series]);
    },

    chunks() {
      const chunks: Buffer[] = [];
      if (familyOrder.length !== families.length) familyOrder = [...familyByName.keys()].sort().map((name) => familyByName.get(name)!);
      for (const index of familyOrder) {
        const family = families[index];
        placeNewSeries(family, (stem) => seriesByStem.get(stem)! % SERIES_PER_FAMILY);
        chunks.push(family.header, ...family.blocks.chunks(family.order.length, (from, to) => renderRange(family, from, to)));
      }
      return chunks;
    },

    size() {
      return seriesByStem.size;
    },
  };
}

/** The slot a field's part writes, or undefined for a part the family's type does not have. */
function slotOf(family: Family, field: string, stem: string): number | undefined {
  // A counter's or gauge's one part is "": its field ends `""]`, checked without a slice.
  if (family.slots === 1) return field.length === stem.length + SCALAR_END.length && field.endsWith(SCALAR_END) ? 0 : undefined;
  return HISTOGRAM_SLOT_OF.get(field.slice(stem.length));
}

function newFamily(name: string, type: StoredType, recordedName: string): Family {
  const help = escapeHelp(`A ${type} projects record through POST /api/v1/analytics/metrics (name "${recordedName}").`);
  const histogram = type === 'histogram';
  return {
    name,
    type,
    header: Buffer.from(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`),
    slots: histogram ? HISTOGRAM_SLOTS : 1,
    stems: [],
    labels: [],
    values: [],
    order: new Int32Array(0),
    positionOf: new Int32Array(0),
    placed: 0,
    blocks: createRenderedBlocks(),
  };
}

/**
 * Merges the series first seen since the last render into the sorted order; blocks from the first
 * insertion on are stale. The new stems are sorted as strings by the built-in comparison (calling
 * a comparator per pair cost a third more on a full read), then found again by stem.
 */
function placeNewSeries(family: Family, seriesOf: (stem: string) => number): void {
  const total = family.stems.length;
  if (family.placed === total) return;
  const { stems, order } = family;
  const added = stems.slice(family.placed).sort();
  const merged = new Int32Array(total);
  let [i, j, k] = [0, 0, 0];
  let firstMoved = total;
  while (i < order.length || j < added.length) {
    const takeAdded = i === order.length || (j < added.length && added[j] < stems[order[i]]);
    if (takeAdded) firstMoved = Math.min(firstMoved, k);
    merged[k++] = takeAdded ? seriesOf(added[j++]) : order[i++];
  }
  const positionOf = new Int32Array(total);
  for (let position = 0; position < total; position++) positionOf[merged[position]] = position;
  family.order = merged;
  family.positionOf = positionOf;
  family.placed = total;
  family.blocks.movedFrom(firstMoved);
}

function renderRange(family: Family, from: number, to: number): string {
  const { name, labels, values, order, slots } = family;
  let text = '';
  for (let position = from; position < to; position++) {
    const series = order[position];
    const base = series * slots;
    if (family.type !== 'histogram') {
      text += `${name}{${labels[series]}} ${formatValue(values[base])}\n`;
      continue;
    }
    let cumulative = 0;
    for (let slot = 0; slot < BUCKET_LABELS.length; slot++) {
      cumulative += values[base + slot];
      text += `${name}_bucket{${labels[series]},le="${BUCKET_LABELS[slot][1]}"} ${formatValue(cumulative)}\n`;
    }
    text += `${name}_sum{${labels[series]}} ${formatValue(values[base + SUM_SLOT])}\n`;
    text += `${name}_count{${labels[series]}} ${formatValue(values[base + COUNT_SLOT])}\n`;
  }
  return text;
}
