/**
 * Items waiting for their time, earliest first; items due at the same time leave in the order
 * they came. A binary heap that keeps each item's place on the item, so one can be taken out
 * from the middle (a region whose probe was started on request).
 */
export interface Queued {
  /** When the item is due (any clock, as long as all items use the same one). */
  dueAt: number;
  /** Index in the heap; -1 while not queued. */
  place: number;
  /** Arrival number, set by push: breaks ties between equal due times. */
  arrival: number;
}

export interface DueQueue<T extends Queued> {
  push(item: T): void;
  peek(): T | undefined;
  pop(): T | undefined;
  /** Takes a queued item out; an item not queued is left alone. */
  remove(item: T): void;
  readonly size: number;
}

export const isQueued = (item: Queued): boolean => item.place >= 0;

export function createDueQueue<T extends Queued>(): DueQueue<T> {
  const heap: T[] = [];
  let arrivals = 0;

  const before = (a: T, b: T): boolean => a.dueAt < b.dueAt || (a.dueAt === b.dueAt && a.arrival < b.arrival);
  const put = (item: T, place: number): void => {
    heap[place] = item;
    item.place = place;
  };
  const up = (item: T, from: number): void => {
    let place = from;
    while (place > 0) {
      const parent = (place - 1) >> 1;
      if (!before(item, heap[parent]!)) break;
      put(heap[parent]!, place);
      place = parent;
    }
    put(item, place);
  };
  const down = (item: T, from: number): void => {
    let place = from;
    for (;;) {
      const left = 2 * place + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && before(heap[right]!, heap[left]!) ? right : left;
      if (!before(heap[child]!, item)) break;
      put(heap[child]!, place);
      place = child;
    }
    put(item, place);
  };
  /** Fills the hole at `place` with the last item and restores the order around it. */
  const takeAt = (place: number): void => {
    const last = heap.pop()!;
    if (place === heap.length) return;
    down(last, place);
    if (last.place === place) up(last, place);
  };

  return {
    push(item) {
      if (isQueued(item)) return;
      item.arrival = arrivals++;
      heap.push(item);
      up(item, heap.length - 1);
    },
    peek: () => heap[0],
    pop() {
      const first = heap[0];
      if (!first) return undefined;
      takeAt(0);
      first.place = -1;
      return first;
    },
    remove(item) {
      if (!isQueued(item) || heap[item.place] !== item) return;
      const place = item.place;
      takeAt(place);
      item.place = -1;
    },
    get size() {
      return heap.length;
    },
  };
}
