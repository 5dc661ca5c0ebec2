import { describe, expect, it } from 'vitest';
import { createSlots } from '../../src/mail/slots.ts';

describe('slots (connections of a pooled transport)', () => {
  it('hands out at most size slots, then in arrival order as they are released', async () => {
    const slots = createSlots(2);
    const a = await slots.acquire();
    const b = await slots.acquire();
    const order: string[] = [];
    const take = (name: string) =>
      slots.acquire().then((release) => {
        order.push(name);
        return release;
      });
    const c = take('c');
    const d = take('d');
    expect(slots.waiting).toBe(2);
    a();
    a(); // a second release of one slot frees nothing more
    (await c)();
    b();
    (await d)();
    expect(order).toEqual(['c', 'd']);
    expect(slots.free).toBe(2);
  });

  it('lets a waiter whose signal aborts leave the queue without a slot', async () => {
    const slots = createSlots(1);
    const held = await slots.acquire();
    const controller = new AbortController();
    const waiting = slots.acquire(controller.signal);
    controller.abort(new Error('deadline'));
    await expect(waiting).rejects.toThrow('deadline');
    expect(slots.waiting).toBe(0);
    held();
    expect(slots.free).toBe(1);
    await expect(slots.acquire(AbortSignal.abort(new Error('already')))).rejects.toThrow('already');
  });
});
