/**
 * The recorded-metrics families of /metrics (recorded/model.ts), fed by the usage change feed
 * with the usage totals: each family caches its rendered text and renders again only when one of
 * its values changed, so a scrape's cost follows what changed.
 */
import { bucketPart, exposedName, INF_PART, parseRecordedField, RECORDED_BUCKETS, type StoredType } from '../recorded/model';
import { escapeHelp, escapeLabel, formatValue } from './exposition-text';

interface Series {
  readonly key: string;
  /** `project="…",category="…",name="value"…`: the label text every line of the series shares. */
  readonly labels: string;
  readonly parts: Map<string, number>;
}

interface Family {
  readonly name: string;
  readonly type: StoredType;
  readonly header: Buffer;
  /** Series key (the field stem) → series. */
  readonly series: Map<string, Series>;
  /** The series in render order (by key); sorted again only after a series was added. */
  readonly order: Series[];
  sorted: boolean;
  text: Buffer | undefined;
}

export interface RecordedExposition {
  /** One recorded field's value (a field starting with `m`); other fields are ignored. */
  total(field: string, value: number): void;
  chunks(): Buffer[];
  size(): number;
}

const BUCKET_LABELS = [...RECORDED_BUCKETS.map((bound) => [bucketPart(bound), formatValue(bound)] as const), [INF_PART, '+Inf'] as const];

export function createRecordedExposition(): RecordedExposition {
  const families = new Map<string, Family>();
  return {
    total(field, value) {
      const parsed = parseRecordedField(field);
      if (!parsed) return;
      const name = exposedName(parsed.name, parsed.type);
      let family = families.get(name);
      if (!family) {
        const help = escapeHelp(`A ${parsed.type} projects record through POST /api/v1/analytics/metrics (name "${parsed.name}").`);
        family = { name, type: parsed.type, header: Buffer.from(`# HELP ${name} ${help}\n# TYPE ${name} ${parsed.type}\n`), series: new Map(), order: [], sorted: true, text: undefined };
        families.set(name, family);
      }
      if (family.type !== parsed.type) return; // model.ts's reserved suffixes keep this from happening
      const key = field.slice(0, field.lastIndexOf('"', field.length - 3));
      let series = family.series.get(key);
      if (!series) {
        const labels = [['project', parsed.project], ['category', parsed.category], ...parsed.labels].map(([label, text]) => `${label}="${escapeLabel(text)}"`).join(',');
        series = { key, labels, parts: new Map() };
        family.series.set(key, series);
        family.order.push(series);
        family.sorted = false;
      }
      if (series.parts.get(parsed.part) !== value) {
        series.parts.set(parsed.part, value);
        family.text = undefined;
      }
    },
    chunks() {
      const chunks: Buffer[] = [];
      for (const name of [...families.keys()].sort()) {
        const family = families.get(name)!;
        family.text ??= renderFamily(family);
        chunks.push(family.header, family.text);
      }
      return chunks;
    },
    size() {
      let size = 0;
      for (const family of families.values()) size += family.series.size;
      return size;
    },
  };
}

function renderFamily(family: Family): Buffer {
  let text = '';
  if (!family.sorted) {
    family.order.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    family.sorted = true;
  }
  for (const { labels, parts } of family.order) {
    if (family.type !== 'histogram') {
      text += `${family.name}{${labels}} ${formatValue(parts.get('') ?? 0)}\n`;
      continue;
    }
    // Stored per bucket (recorded/model.ts); exposed cumulative, as Prometheus reads buckets.
    let cumulative = 0;
    for (const [part, le] of BUCKET_LABELS) {
      cumulative += parts.get(part) ?? 0;
      text += `${family.name}_bucket{${labels},le="${le}"} ${formatValue(cumulative)}\n`;
    }
    text += `${family.name}_sum{${labels}} ${formatValue(parts.get('sum') ?? 0)}\n`;
    text += `${family.name}_count{${labels}} ${formatValue(parts.get('count') ?? 0)}\n`;
  }
  return Buffer.from(text);
}
