/**
 * Compact idempotency for the memory store: the (project, id) pairs seen within the window, each
 * kept as the 16-byte digest the Redis store keeps (`idDigestHex`; redis-seen-ids.ts says why a
 * 128-bit digest keeps the exact guarantee) and the millisecond its window ends, in typed arrays
 * outside V8's heap. About 32 bytes per id, up to 64 just after the table doubles, against 90–130
 * for a Map from JSON strings to boxed numbers (bench/README.md, "Memory and /metrics"); no
 * object per id, so nothing for the garbage collector to trace.
 *
 * Layout: a ring of slots in insertion order, which is about expiry order, so expired ids leave
 * from its front; and an open-addressing index (linear probing, at most half full) from the
 * digest's first 32 bits to a slot. An id seen again moves to the back: its old slot is left dead
 * until it reaches the front. A full ring is compacted when at most half its slots are live, and
 * doubled otherwise; either way the index is rebuilt, so a write costs O(1) amortised.
 */
import { DIGEST_BYTES } from './redis-seen-ids';

const WORDS = DIGEST_BYTES / 4;
const EMPTY = -1;
const FIRST_CAPACITY = 1024;

export interface SeenIds {
  /** Ids held (some may have expired since the last prune). */
  readonly size: number;
  /** When the id's window ends, or undefined when it is not held. */
  endsAtMs(digestHex: string): number | undefined;
  /** Holds the id until endsAtMs, after every id held now in the expiry order. */
  set(digestHex: string, endsAtMs: number): void;
  /** Forgets the ids at the front of the expiry order whose window has ended by nowMs. */
  prune(nowMs: number): void;
  /** When the oldest id held ends its window, or undefined when none is held. */
  oldestEndsAtMs(): number | undefined;
}

interface Ring {
  capacity: number;
  /** Each slot's digest as WORDS 32-bit words. */
  words: Uint32Array;
  /** Each slot's window end; NaN for a dead slot (its id moved to the back). */
  ends: Float64Array;
  /** The slot held at each hash position (EMPTY: none); twice the ring's capacity, so at most half full. */
  index: Int32Array;
  head: number;
  used: number;
}

const newRing = (capacity: number): Ring => ({
  capacity,
  words: new Uint32Array(capacity * WORDS),
  ends: new Float64Array(capacity),
  index: new Int32Array(capacity * 2).fill(EMPTY),
  head: 0,
  used: 0,
});

export function createSeenIds(): SeenIds {
  let ring = newRing(FIRST_CAPACITY);
  let live = 0;
  // The digest being looked up, decoded once per call into words.
  const probe = new Uint32Array(WORDS);
  const probeBytes = Buffer.from(probe.buffer);

  const decode = (digestHex: string): void => {
    if (probeBytes.write(digestHex, 0, 'hex') !== DIGEST_BYTES) throw new Error(`seen ids: digest must be ${2 * DIGEST_BYTES} hex digits (got ${JSON.stringify(digestHex)})`);
  };

  const home = (r: Ring, firstWord: number): number => firstWord & (r.index.length - 1);

  const sameDigest = (r: Ring, slot: number): boolean => {
    const at = slot * WORDS;
    for (let w = 0; w < WORDS; w++) if (r.words[at + w] !== probe[w]) return false;
    return true;
  };

  /** The index position holding the probe's slot, or the empty one where it would go. */
  const findProbe = (r: Ring): number => {
    const mask = r.index.length - 1;
    let at = home(r, probe[0]);
    while (r.index[at] !== EMPTY && !sameDigest(r, r.index[at])) at = (at + 1) & mask;
    return at;
  };

  const indexOfSlot = (r: Ring, slot: number): number => {
    const mask = r.index.length - 1;
    let at = home(r, r.words[slot * WORDS]);
    while (r.index[at] !== slot) at = (at + 1) & mask;
    return at;
  };

  /** Empties an index position, moving later entries of its run back so every lookup still finds them. */
  const unindex = (r: Ring, at: number): void => {
    const mask = r.index.length - 1;
    let hole = at;
    for (let next = (at + 1) & mask; r.index[next] !== EMPTY; next = (next + 1) & mask) {
      const wanted = home(r, r.words[r.index[next] * WORDS]);
      // The entry may fill the hole unless its home lies after the hole, up to where it sits.
      const homeAfterHole = hole <= next ? wanted > hole && wanted <= next : wanted > hole || wanted <= next;
      if (!homeAfterHole) {
        r.index[hole] = r.index[next];
        hole = next;
      }
    }
    r.index[hole] = EMPTY;
  };

  const indexSlot = (r: Ring, slot: number): void => {
    const mask = r.index.length - 1;
    let at = home(r, r.words[slot * WORDS]);
    while (r.index[at] !== EMPTY) at = (at + 1) & mask;
    r.index[at] = slot;
  };

  /** A ring of `capacity` slots holding the live slots of `from` in order, front first. */
  const rebuilt = (from: Ring, capacity: number): Ring => {
    const to = newRing(capacity);
    for (let k = 0; k < from.used; k++) {
      const slot = (from.head + k) & (from.capacity - 1);
      if (Number.isNaN(from.ends[slot])) continue;
      to.words.set(from.words.subarray(slot * WORDS, slot * WORDS + WORDS), to.used * WORDS);
      to.ends[to.used] = from.ends[slot];
      indexSlot(to, to.used);
      to.used++;
    }
    return to;
  };

  return {
    get size() {
      return live;
    },
    endsAtMs(digestHex) {
      decode(digestHex);
      const slot = ring.index[findProbe(ring)];
      return slot === EMPTY ? undefined : ring.ends[slot];
    },
    set(digestHex, endsAtMs) {
      decode(digestHex);
      const at = findProbe(ring);
      if (ring.index[at] !== EMPTY) {
        ring.ends[ring.index[at]] = Number.NaN;
        unindex(ring, at);
        live--;
      }
      if (ring.used === ring.capacity) ring = rebuilt(ring, live * 2 > ring.capacity ? ring.capacity * 2 : ring.capacity);
      const slot = (ring.head + ring.used) & (ring.capacity - 1);
      ring.words.set(probe, slot * WORDS);
      ring.ends[slot] = endsAtMs;
      indexSlot(ring, slot);
      ring.used++;
      live++;
    },
    prune(nowMs) {
      while (ring.used > 0) {
        const slot = ring.head;
        const endsAt = ring.ends[slot];
        if (endsAt > nowMs) break;
        if (!Number.isNaN(endsAt)) {
          unindex(ring, indexOfSlot(ring, slot));
          live--;
        }
        ring.head = (ring.head + 1) & (ring.capacity - 1);
        ring.used--;
      }
    },
    oldestEndsAtMs() {
      for (let k = 0; k < ring.used; k++) {
        const endsAt = ring.ends[(ring.head + k) & (ring.capacity - 1)];
        if (!Number.isNaN(endsAt)) return endsAt;
      }
      return undefined;
    },
  };
}
