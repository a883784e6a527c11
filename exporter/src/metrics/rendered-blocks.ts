/**
 * The rendered text of a family's series, kept as bytes in blocks of consecutive positions, so a
 * scrape renders again only the blocks whose series changed and writes the others as they are.
 * Shared by the usage and recorded families: each keeps its series in flat arrays by position
 * and tells the blocks which positions changed.
 */

/** Series per block: small enough that one change costs little, large enough that chunks stay few. */
export const BLOCK_SIZE = 512;

export interface RenderedBlocks {
  /** The series at `position` changed its value. */
  changed(position: number): void;
  /** Series were inserted or moved at `position`: every block from there on is stale. */
  movedFrom(position: number): void;
  /** Forgets every block (a full read starts over). */
  clear(): void;
  /** The text of positions [0, count) as chunks, rendering the stale blocks with `render(from, to)`. */
  chunks(count: number, render: (from: number, to: number) => string | Buffer): Buffer[];
}

export function createRenderedBlocks(): RenderedBlocks {
  const blocks: (Buffer | undefined)[] = [];
  return {
    changed(position) {
      blocks[Math.floor(position / BLOCK_SIZE)] = undefined;
    },
    movedFrom(position) {
      blocks.length = Math.min(blocks.length, Math.floor(position / BLOCK_SIZE));
    },
    clear() {
      blocks.length = 0;
    },
    chunks(count, render) {
      const wanted = Math.ceil(count / BLOCK_SIZE);
      blocks.length = Math.min(blocks.length, wanted);
      const chunks: Buffer[] = [];
      for (let block = 0; block < wanted; block++) {
        let text = blocks[block];
        if (text === undefined) {
          const from = block * BLOCK_SIZE;
          const rendered = render(from, Math.min(count, from + BLOCK_SIZE));
          text = typeof rendered === 'string' ? Buffer.from(rendered) : rendered;
          blocks[block] = text;
        }
        chunks.push(text);
      }
      return chunks;
    },
  };
}
