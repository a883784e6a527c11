import { fencedBlockAfter, shellBlocks } from './readme-examples';

const README = [
  '# Pulse',
  '```sh',
  'curl http://before-the-exporter-part',
  '```',
  '## pulse-exporter',
  '### API',
  '```sh',
  "KEY=$(cat key)",
  '# a comment',
  'curl -XPOST http://127.0.0.1:9470/a \\',
  "  -d '{\"a\":[",
  "        1]}'",
  '{"ok":true,',
  ' "n":1}',
  '',
  'curl http://127.0.0.1:9470/b',
  '```',
  '- an item:',
  '  ```sh',
  '  curl http://127.0.0.1:9470/c',
  '  ```',
  'It answers',
  '```json',
  '{"shown":"apart"}',
  '```',
  '## Alert rules',
  '```sh',
  'curl http://after-the-exporter-part',
  'export AM=http://127.0.0.1:9093        # or a config file',
  '# a comment',
  'amtool silence add alertname=A \\',
  '  --comment="a b" --alertmanager.url=$AM',
  '```',
].join('\n');

describe('shellBlocks', () => {
  const blocks = shellBlocks(README, '## pulse-exporter');

  it('takes the sh blocks of the pulse-exporter part only, with their heading and line', () => {
    expect(blocks.map((b) => [b.heading, b.line])).toEqual([
      ['API', 7],
      ['API', 19],
    ]);
  });

  it('joins a command over continued lines and open quotes, and takes the lines under it as its answer', () => {
    expect(blocks[0].commands).toEqual([
      { heading: 'API', line: 8, text: 'KEY=$(cat key)' },
      { heading: 'API', line: 10, text: "curl -XPOST http://127.0.0.1:9470/a \\\n  -d '{\"a\":[\n        1]}'", answer: '{"ok":true,\n "n":1}' },
      { heading: 'API', line: 16, text: 'curl http://127.0.0.1:9470/b' },
    ]);
  });

  it("drops a list item's indent", () => {
    expect(blocks[1].commands.map((c) => c.text)).toEqual(['curl http://127.0.0.1:9470/c']);
  });

  it('reads any part: exported variables and amtool commands start commands too', () => {
    expect(shellBlocks(README, '## Alert rules').flatMap((b) => b.commands.map((c) => c.text))).toEqual([
      'curl http://after-the-exporter-part',
      'export AM=http://127.0.0.1:9093        # or a config file',
      'amtool silence add alertname=A \\\n  --comment="a b" --alertmanager.url=$AM',
    ]);
  });

  it('refuses a README without the part', () => {
    expect(() => shellBlocks('# Pulse\n', '## pulse-exporter')).toThrow('README has no "## pulse-exporter" heading');
  });
});

describe('fencedBlockAfter', () => {
  it('reads the first block after the marker', () => {
    expect(fencedBlockAfter(README, '- an item:')).toBe('curl http://127.0.0.1:9470/c');
    expect(fencedBlockAfter(README, 'It answers')).toBe('{"shown":"apart"}');
  });

  it('names a marker it cannot find', () => {
    expect(() => fencedBlockAfter(README, 'nowhere')).toThrow('README has no line containing "nowhere"');
  });
});
