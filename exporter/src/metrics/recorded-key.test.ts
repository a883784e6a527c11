import { fieldOf, fieldStem, parseRecordedField, type RecordedMetric } from '../recorded/model';
import { escapeLabel } from './exposition-text';
import { splitPlainKey, type PlainKeyParts } from './recorded-key';

const metric = (overrides: Partial<RecordedMetric> = {}): RecordedMetric => ({ name: 'jobs', type: 'counter', category: 'business', value: 1, labels: [['shard', 's']], ...overrides });
const split = (key: string): PlainKeyParts | undefined => {
  const into: PlainKeyParts = { project: '', name: '', type: 'counter', category: '', labels: '' };
  return splitPlainKey(key, into) ? into : undefined;
};
/** What the JSON path makes of a series key (a scalar field, or a histogram stem completed with an empty part). */
const parsedParts = (key: string): PlainKeyParts | undefined => {
  const parsed = parseRecordedField(key.endsWith('""]') ? key : `${key}""]`);
  if (!parsed || parsed.part !== '') return undefined;
  const labels = parsed.labels.map(([label, text]) => `,${label}="${escapeLabel(text)}"`).join('');
  return { project: parsed.project, name: parsed.name, type: parsed.type, category: parsed.category, labels };
};

describe('splitting a plain recorded series key without JSON.parse', () => {
  const plainKeys = [
    fieldOf(fieldStem('p1', metric()), ''),
    fieldOf(fieldStem('p1', metric({ labels: [] })), ''),
    fieldOf(fieldStem('proj-ä😀', metric({ type: 'gauge', labels: [['a', ''], ['b', 'x y'], ['c', 'é']] })), ''),
    fieldStem('p2', metric({ type: 'histogram', labels: [['le_x', '1'], ['z', ',[]']] })),
    fieldStem('p3', metric({ type: 'histogram', labels: [] })),
  ];

  it.each(plainKeys)('gives what the JSON path gives for %s', (key) => {
    expect(parsedParts(key)).toBeDefined();
    expect(split(key)).toEqual(parsedParts(key));
  });

  it('gives the exposition label text, labels in stored order', () => {
    expect(split(fieldOf(fieldStem('p', metric({ labels: [['b', '2'], ['a', '1']] })), ''))?.labels).toBe(',b="2",a="1"');
  });

  const leftToParsing = [
    fieldOf(fieldStem('a "q"\\', metric()), ''), // escapes
    fieldOf(fieldStem('p', metric({ labels: [['note', 'x\ny']] })), ''),
    'm["p","jobs","counter","business",[["shard","s\u0001"]],""]', // a raw control character: JSON refuses it
    'm[ "p","jobs","counter","business",[],""]', // whitespace JSON allows
    'm["p","jobs","summary","business",[],""]', // not a stored type
    'm["p","jobs","counter","business",[],"count"]', // a part: not a series key
    'm["p","jobs","counter","business",[],""]x',
    'm["p","jobs","counter","business",[],""',
    'm["p","jobs","counter","business",[["shard"]],""]',
    'm["p","jobs","counter","business",[["shard","s","t"]],""]',
    'm["p","jobs","counter","business",[["a","1"]["b","2"]],""]',
    'm["p","jobs","counter","business",[["a","1"],],""]',
    'm["p","jobs","counter","business",[1],""]',
    'm["p","jobs","counter","business"],""]',
    'm["p","jobs","counter",[],""]',
    'x["p","jobs","counter","business",[],""]',
    'm["p","jobs',
    '',
  ];

  it.each(leftToParsing)('leaves %j to the JSON path', (key) => {
    expect(split(key)).toBeUndefined();
  });
});
