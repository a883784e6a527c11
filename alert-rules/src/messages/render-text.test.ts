import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { messageText, messageTitle } from './render-text';
import { MESSAGE_CASES } from './testing/message-cases';

// UPDATE_GOLDEN=1 npx jest alert-rules/src/messages rewrites the out-* files; review the diff.
const update = process.env.UPDATE_GOLDEN === '1';
const golden = (name: string): string => join(__dirname, '../../testdata/messages', `out-${name}.txt`);

describe('the shared wording, filled in TypeScript', () => {
  it.each(MESSAGE_CASES.map((c) => [c.name, c] as const))('renders the %s message exactly as its golden file', (_name, { name, facts }) => {
    const text = `${messageTitle(facts)}\n---\n${messageText(facts)}\n`;
    if (update) writeFileSync(golden(name), text);
    expect(text).toBe(readFileSync(golden(name), 'utf8'));
  });

  it('leaves out the comparison, the region and every line whose fact is missing', () => {
    const facts = { firing: true, title: 'Exporter down', severity: 'critical' };
    expect(messageTitle(facts)).toBe('[TRIGGERED] Exporter down (critical)');
    expect(messageText(facts)).toBe('[TRIGGERED] Exporter down (critical)');
  });

  it('shows an unknown condition as itself, and a value without a threshold alone', () => {
    expect(messageTitle({ firing: true, title: 'T', severity: 'low', value: '3', condition: 'near', threshold: '4' })).toBe('[TRIGGERED] T: 3 near 4 (low)');
    expect(messageTitle({ firing: true, title: 'T', severity: 'low', value: '3' })).toBe('[TRIGGERED] T: 3 (low)');
  });

  it('shows the end only once the alert is resolved', () => {
    const facts = { firing: true, title: 'T', severity: 'low', endsAt: '2026-12-07T05:00:00Z' };
    expect(messageText(facts)).not.toContain('Ended');
    expect(messageText({ ...facts, firing: false })).toContain('\nEnded: 2026-12-07T05:00:00Z');
  });
});
