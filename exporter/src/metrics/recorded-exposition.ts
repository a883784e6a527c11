/**
 * The recorded-metrics families of /metrics (recorded/model.ts), fed by the usage change feed
 * with the usage totals. Built for a full read of tens of thousands of series and for scrapes
 * that follow few changes:
 * - a new series waits, unparsed, until the next render, which sorts the new keys once and splits
 *   each series' key once, in that order (by its quotes, recorded-key.ts; JSON.parse only for a
 *   key with escapes); later values find the series by its key in one map
 *   and write a number into the family's flat value array (one slot for a counter or gauge,
 *   BUCKET_PARTS + 2 for a histogram): no object per series;
 * - each series keeps its label text escaped and joined, ready for every line it renders;
 * - the text is kept in blocks (rendered-blocks.ts): a changed value re-renders its block only.
 * Series are rendered sorted by their stem, so every replica writes the same text.
 */
import { bucketPart, exposedName, INF_PART, parseRecordedField, RECORDED_BUCKETS, RECORDED_FIELD_MARK, type StoredType } from '../recorded/model';
import { escapeHelp, escapeLabel, formatValue } from './exposition-text';
import { SCALAR_END, splitPlainKey, type PlainKeyParts } from './recorded-key';
import { createRenderedBlocks, type RenderedBlocks } from './rendered-blocks';

/** Histogram slots: each bucket (stored per bucket, exposed cumulative), +Inf, then sum and count. */
const BUCKET_LABELS = [...RECORDED_BUCKETS.map((bound) => [bucketPart(bound), formatValue(bound)] as const), [INF_PART, '+Inf'] as const];
const SUM_SLOT = BUCKET_LABELS.length;
const COUNT_SLOT = SUM_SLOT + 1;
const HISTOGRAM_SLOTS = COUNT_SLOT + 1;

/** A field's end after its stem (`"part"]`, as fieldOf writes it) → the value's slot. */
const fieldEnd = (part: string): string => `${JSON.stringify(part)}]`;
const HISTOGRAM_SLOT_OF: ReadonlyMap<string, number> = new Map([...BUCKET_LABELS.map(([part], slot) => [fieldEnd(part), slot] as const), [fieldEnd('sum'), SUM_SLOT], [fieldEnd('count'), COUNT_SLOT]]);

interface Family {
  readonly name: string;
  readonly type: StoredType;
  readonly header: Buffer;
  readonly slots: number;
  /** By series index (the order placed): its key (seriesKey), its label text. */
  readonly keys: string[];
  readonly labels: string[];
  /** Series index × slots + slot → value. */
  readonly values: number[];
  /** Render position → series index, sorted by key; and its inverse. */
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
 * How a series is found by its key without parsing: its family's index and its own, in one
 * number. So a family shows at most this many series; a series past it is not shown (README).
 */
export const SERIES_PER_FAMILY = 2 ** 26;

/**
 * A series' key: a counter's or gauge's one field as it is (`m[…,[labels],""]`), with no slice;
 * a histogram's stem (`m[…,[labels],`), shared by its fields. A scalar field ends `""]` and no
 * histogram part is empty, so the two kinds never meet; and since every key of a family is of
 * one kind, sorting keys sorts the family's series by stem.
 */
const isScalarField = (field: string): boolean => field.endsWith(SCALAR_END);
const stemOf = (field: string): string => field.slice(0, field.lastIndexOf('"', field.length - 3));

/** `maxSeriesPerFamily` (at most SERIES_PER_FAMILY) is smaller only in tests of the bound. */
export function createRecordedExposition(maxSeriesPerFamily = SERIES_PER_FAMILY): RecordedExposition {
  const families: Family[] = [];
  const familyByName = new Map<string, number>();
  /** Family indexes sorted by name; rebuilt after a family was added. */
  let familyOrder: number[] = [];
  const seriesByKey = new Map<string, number>();
  /**
   * Values of series not placed yet, by key: a number for a scalar field, the slots for a
   * histogram. Placed at the next render, all at once (placePending): a full read of 50,000
   * series then sorts their keys once and parses each once, in order (bench/README.md).
   */
  const pending = new Map<string, number | number[]>();

  // placePending hands keys over sorted: runs of one project and of one name follow each other,
  // so the last family and the last label prefix are kept rather than looked up or built again.
  let lastFamily: { name: string; type: StoredType; index: number } | undefined;
  const familyOf = (recordedName: string, type: StoredType): number => {
    if (lastFamily?.name === recordedName && lastFamily.type === type) return lastFamily.index;
    const name = exposedName(recordedName, type);
    let index = familyByName.get(name);
    if (index === undefined) {
      index = families.length;
      families.push(newFamily(name, type, recordedName));
      familyByName.set(name, index);
      familyOrder = [];
    }
    lastFamily = { name: recordedName, type, index };
    return index;
  };
  let lastPrefix: { project: string; category: string; text: string } | undefined;
  const labelsOf = (project: string, category: string): string => {
    if (lastPrefix?.project !== project || lastPrefix.category !== category) lastPrefix = { project, category, text: `project="${escapeLabel(project)}",category="${escapeLabel(category)}"` };
    return lastPrefix.text;
  };

  const plain: PlainKeyParts = { project: '', name: '', type: 'counter', category: '', labels: '' };
  /** Set by familyOfKey: the label text of the series it found (not flattened). */
  let foundLabels = '';
  /** The family of a series key (its label text in foundLabels), or -1 for a key no store writes. */
  const familyOfKey = (key: string, scalar: boolean): number => {
    let name: string;
    let type: StoredType;
    if (splitPlainKey(key, plain)) {
      [name, type] = [plain.name, plain.type];
      foundLabels = labelsOf(plain.project, plain.category) + plain.labels;
    } else {
      const parsed = parseRecordedField(scalar ? key : `${key}${SCALAR_END}`);
      if (!parsed) return -1;
      [name, type] = [parsed.name, parsed.type];
      foundLabels = labelsOf(parsed.project, parsed.category);
      for (const [label, text] of parsed.labels) foundLabels += `,${label}="${escapeLabel(text)}"`;
    }
    const index = familyOf(name, type);
    return families[index].type === type ? index : -1; // model.ts's reserved suffixes keep a mismatch from happening
  };

  const place = (key: string, values: number | number[]): void => {
    const familyIndex = familyOfKey(key, typeof values === 'number');
    if (familyIndex < 0) return;
    const labels = foundLabels;
    const family = families[familyIndex];
    // A key of the other kind than its family's (a field of a part its type does not have) still
    // makes the series, its values 0 — unless its proper key is placed or waits to be.
    const ofItsKind = (family.slots === 1) === (typeof values === 'number');
    const seriesKey = ofItsKind ? key : family.slots === 1 ? `${key}${SCALAR_END}` : stemOf(key);
    if (!ofItsKind && (seriesByKey.has(seriesKey) || pending.has(seriesKey))) return;
    if (family.keys.length >= Math.min(maxSeriesPerFamily, SERIES_PER_FAMILY)) return;
    // A string built by += is a rope that keeps its parts (and the parsed strings) alive until
    // first read; reading a character makes V8 flatten it now, while they are still young
    // garbage. A tenth of a full read's CPU in process (bench/README.md).
    labels.charCodeAt(0);
    const series = family.keys.length;
    family.keys.push(seriesKey);
    family.labels.push(labels);
    if (!ofItsKind) for (let slot = 0; slot < family.slots; slot++) family.values.push(0);
    else if (typeof values === 'number') family.values.push(values);
    else for (let slot = 0; slot < family.slots; slot++) family.values.push(values[slot]);
    seriesByKey.set(seriesKey, familyIndex * SERIES_PER_FAMILY + series);
  };

  const placePending = (): void => {
    if (pending.size === 0) return;
    // Sorted once, so each family's new series arrive in its order (placeNewSeries merges them).
    for (const key of [...pending.keys()].sort()) place(key, pending.get(key)!);
    pending.clear();
  };

  return {
    total(field, value) {
      const scalar = isScalarField(field);
      const key = scalar ? field : stemOf(field);
      const where = seriesByKey.get(key);
      if (where === undefined) {
        if (!field.startsWith(RECORDED_FIELD_MARK)) return;
        if (scalar) return void pending.set(key, value);
        const slot = HISTOGRAM_SLOT_OF.get(field.slice(key.length));
        if (slot === undefined) return void (pending.has(key) || pending.set(key, new Array<number>(HISTOGRAM_SLOTS).fill(0)));
        let slots = pending.get(key) as number[] | undefined;
        if (!slots) pending.set(key, (slots = new Array<number>(HISTOGRAM_SLOTS).fill(0)));
        slots[slot] = value;
        return;
      }
      const family = families[Math.floor(where / SERIES_PER_FAMILY)];
      const slot = slotOf(family, field, key, scalar);
      if (slot === undefined) return; // a part this type does not have
      setValue(family, where % SERIES_PER_FAMILY, slot, value);
    },

    chunks() {
      placePending();
      const chunks: Buffer[] = [];
      if (familyOrder.length !== families.length) familyOrder = [...familyByName.keys()].sort().map((name) => familyByName.get(name)!);
      for (const index of familyOrder) {
        const family = families[index];
        placeNewSeries(family);
        chunks.push(family.header, ...family.blocks.chunks(family.order.length, (from, to) => renderRange(family, from, to)));
      }
      return chunks;
    },

    size() {
      return seriesByKey.size + pending.size;
    },
  };
}

function setValue(family: Family, series: number, slot: number, value: number): void {
  const at = series * family.slots + slot;
  if (Object.is(family.values[at], value)) return;
  family.values[at] = value;
  if (series < family.placed) family.blocks.changed(family.positionOf[series]);
}

/** The slot a field's part writes, or undefined for a part the family's type does not have. */
function slotOf(family: Family, field: string, key: string, scalar: boolean): number | undefined {
  if (family.slots === 1) return scalar ? 0 : undefined;
  return scalar ? undefined : HISTOGRAM_SLOT_OF.get(field.slice(key.length));
}

function newFamily(name: string, type: StoredType, recordedName: string): Family {
  const help = escapeHelp(`A ${type} projects record through POST /api/v1/analytics/metrics (name "${recordedName}").`);
  const histogram = type === 'histogram';
  return {
    name,
    type,
    header: Buffer.from(`# HELP ${name} ${help}\n# TYPE ${name} ${type}\n`),
    slots: histogram ? HISTOGRAM_SLOTS : 1,
    keys: [],
    labels: [],
    values: [],
    order: new Int32Array(0),
    positionOf: new Int32Array(0),
    placed: 0,
    blocks: createRenderedBlocks(),
  };
}

/**
 * Merges the series placed since the last render — already in key order (placePending sorted
 * them) — into the sorted order; blocks from the first insertion on are stale.
 */
function placeNewSeries(family: Family): void {
  const total = family.keys.length;
  if (family.placed === total) return;
  const { keys, order } = family;
  const merged = new Int32Array(total);
  let [i, j, k] = [0, family.placed, 0];
  let firstMoved = total;
  while (i < order.length || j < total) {
    const takeAdded = i === order.length || (j < total && keys[j] < keys[order[i]]);
    if (takeAdded) firstMoved = Math.min(firstMoved, k);
    merged[k++] = takeAdded ? j++ : order[i++];
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
