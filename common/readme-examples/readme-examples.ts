/**
 * The shell examples of one part of README.md (a `## ` heading), as a newcomer reads them: each
 * fenced `sh` block split into its commands (a command spans lines while a quote is open or a line
 * ends in `\`), each command followed by the answer the README prints under it, if any. The
 * README examples tests run them as written (the exporter's, alert-rules', export's, forecaster's).
 */

export interface ReadmeCommand {
  /** The `###` heading the block sits under. */
  readonly heading: string;
  /** README line the command starts on (1-based). */
  readonly line: number;
  /** The command as a shell reads it (continuation lines joined with newlines). */
  readonly text: string;
  /** The answer the README prints under the command, when it shows one. */
  readonly answer?: string;
}

export interface ReadmeBlock {
  readonly heading: string;
  /** README line of the opening fence. */
  readonly line: number;
  readonly commands: readonly ReadmeCommand[];
}

/** Lines that start a command in an example (the rest are answers, comments or blank). */
const COMMAND_START = /^(curl |[A-Z_]+=|bin\/|node |amtool |export [A-Z_]+=)/;

interface QuoteState {
  readonly quote: '' | "'" | '"';
}

/** The quote still open after `line`, starting with `state`'s (a shell's single and double quotes, `\` escapes outside single ones). */
function quoteAfter(line: string, state: QuoteState): QuoteState {
  let quote = state.quote;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== "'" && c === '\\') i++;
    else if (quote === '' && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = '';
  }
  return { quote };
}

function splitCommands(heading: string, firstLine: number, lines: readonly string[]): ReadmeCommand[] {
  const commands: Array<{ heading: string; line: number; text: string[]; answer: string[] }> = [];
  let open = false;
  let state: QuoteState = { quote: '' };
  lines.forEach((line, index) => {
    if (open) {
      commands[commands.length - 1].text.push(line);
    } else if (COMMAND_START.test(line)) {
      commands.push({ heading, line: firstLine + 1 + index, text: [line], answer: [] });
    } else if (line.trim() !== '' && !line.startsWith('#') && commands.length > 0) {
      commands[commands.length - 1].answer.push(line);
      return;
    } else {
      return;
    }
    state = quoteAfter(line, state);
    open = state.quote !== '' || line.endsWith('\\');
  });
  return commands.map((c) => ({ heading: c.heading, line: c.line, text: c.text.join('\n'), ...(c.answer.length > 0 && { answer: c.answer.join('\n') }) }));
}

/** Every fenced `sh` block of the README's `part` (its `## ` heading line, up to the next one), in the order written. */
export function shellBlocks(readme: string, part: string): ReadmeBlock[] {
  const lines = readme.split('\n');
  const start = lines.indexOf(part);
  if (start < 0) throw new Error(`README has no "${part}" heading`);
  const blocks: ReadmeBlock[] = [];
  let heading = part;
  for (let i = start + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
    if (lines[i].startsWith('### ')) heading = lines[i].slice(4);
    const fence = /^( *)```sh$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`README line ${i + 1}: a fenced block that never closes`);
    // A block inside a list item is indented as the item is: its lines lose that indent.
    const body = lines.slice(i + 1, end).map((l) => l.slice(fence[1].length));
    blocks.push({ heading, line: i + 1, commands: splitCommands(heading, i + 1, body) });
    i = end;
  }
  return blocks;
}

/** The body of the first fenced block after the first line that contains `marker` (for answers the README shows apart from their example). */
export function fencedBlockAfter(readme: string, marker: string): string {
  const lines = readme.split('\n');
  const at = lines.findIndex((l) => l.includes(marker));
  if (at < 0) throw new Error(`README has no line containing ${JSON.stringify(marker)}`);
  const open = lines.findIndex((l, i) => i > at && l.trim().startsWith('```'));
  const close = lines.findIndex((l, i) => i > open && l.trim() === '```');
  if (open < 0 || close < 0) throw new Error(`README has no fenced block after ${JSON.stringify(marker)}`);
  const indent = lines[open].length - lines[open].trimStart().length;
  return lines
    .slice(open + 1, close)
    .map((l) => l.slice(indent))
    .join('\n');
}
