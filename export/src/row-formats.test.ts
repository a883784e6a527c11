import { csvField, csvFormat, jsonFormat, jsonValue, type RowFormat } from './row-formats';
import type { ExportRow } from './rows';

const rows: ExportRow[] = [
  { timestamp: '2026-11-01T00:00:00Z', metric: 'api_requests', project: 'acme', region: 'eu-west', value: '120' },
  { timestamp: '2026-11-01T01:00:00Z', metric: 'api_requests', project: 'a,"b"\nc', region: 'us-east', value: '0.5' },
];

function render(format: RowFormat, some: readonly ExportRow[]): string {
  return format.header + some.map((row, index) => format.row(row, index)).join('') + format.footer(some.length);
}

describe('csvField', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('acme')).toBe('acme');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });
});

describe('csvFormat', () => {
  it('writes a header and one RFC 4180 line per row', () => {
    expect(render(csvFormat, rows)).toBe(
      'timestamp,metric,project,region,value\n2026-11-01T00:00:00Z,api_requests,acme,eu-west,120\n2026-11-01T01:00:00Z,api_requests,"a,""b""\nc",us-east,0.5\n',
    );
  });
});

describe('jsonFormat', () => {
  it('streams one valid JSON array with numeric values', () => {
    const text = render(jsonFormat, rows);
    expect(text.split('\n')).toHaveLength(5);
    expect(JSON.parse(text)).toEqual([
      { timestamp: '2026-11-01T00:00:00Z', metric: 'api_requests', project: 'acme', region: 'eu-west', value: 120 },
      { timestamp: '2026-11-01T01:00:00Z', metric: 'api_requests', project: 'a,"b"\nc', region: 'us-east', value: 0.5 },
    ]);
  });

  it('writes an empty array when there are no rows', () => {
    expect(render(jsonFormat, [])).toBe('[]\n');
    expect(JSON.parse(render(jsonFormat, []))).toEqual([]);
  });

  it('turns values JSON cannot hold into null', () => {
    expect(jsonValue('NaN')).toBeNull();
    expect(jsonValue('+Inf')).toBeNull();
    expect(jsonValue('1e3')).toBe(1000);
  });
});
