import { createDueQueue, isQueued, type Queued } from './due-queue';

const item = (name: string, dueAt: number) => ({ name, dueAt, place: -1, arrival: 0 });
type Item = ReturnType<typeof item> & Queued;

function drain(queue: ReturnType<typeof createDueQueue<Item>>): string[] {
  const names: string[] = [];
  for (let next = queue.pop(); next; next = queue.pop()) names.push(next.name);
  return names;
}

describe('the due queue', () => {
  it('gives items back earliest first, and items due at the same time in the order they came', () => {
    const queue = createDueQueue<Item>();
    for (const [name, at] of [['c', 30], ['a1', 10], ['b', 20], ['a2', 10], ['a3', 10]] as const) queue.push(item(name, at));
    expect(queue.peek()?.name).toBe('a1');
    expect(drain(queue)).toEqual(['a1', 'a2', 'a3', 'b', 'c']);
    expect(queue.size).toBe(0);
  });

  it('takes an item out from the middle and keeps the rest in order', () => {
    const queue = createDueQueue<Item>();
    const items = Array.from({ length: 40 }, (_, i) => item(`i${i}`, (i * 7919) % 97));
    items.forEach((one) => queue.push(one));
    const removed = new Set([3, 17, 18, 39, 0].map((i) => items[i]!));
    removed.forEach((one) => queue.remove(one));
    removed.forEach((one) => expect(isQueued(one)).toBe(false));
    const expected = items.filter((one) => !removed.has(one)).sort((a, b) => a.dueAt - b.dueAt || a.arrival - b.arrival).map((one) => one.name);
    expect(drain(queue)).toEqual(expected);
  });

  it('ignores pushing an item twice and removing one that is not queued', () => {
    const queue = createDueQueue<Item>();
    const one = item('one', 5);
    const other = item('other', 1);
    queue.push(one);
    queue.push(one);
    queue.remove(other);
    expect(queue.size).toBe(1);
    expect(queue.pop()).toBe(one);
    expect(isQueued(one)).toBe(false);
    expect(queue.pop()).toBeUndefined();
  });
});
