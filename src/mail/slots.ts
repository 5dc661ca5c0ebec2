/**
 * A fixed number of slots handed out in arrival order: what a pooled
 * transport's connections are to the sends waiting for them. A waiter whose
 * signal aborts leaves the queue without taking a slot.
 */
export interface Slots {
  /** Resolves with the slot's release function once one is free; rejects with the signal's reason. */
  acquire(signal?: AbortSignal): Promise<() => void>;
  /** Slots free now. */
  readonly free: number;
  /** Sends waiting for a slot. */
  readonly waiting: number;
}

export function createSlots(size: number): Slots {
  let free = size;
  const queue: ((release: () => void) => void)[] = [];
  const releaser = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = queue.shift();
      if (next) next(releaser());
      else free++;
    };
  };
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (free > 0) {
        free--;
        return Promise.resolve(releaser());
      }
      return new Promise((resolve, reject) => {
        const grant = (release: () => void) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        };
        const onAbort = () => {
          const i = queue.indexOf(grant);
          if (i !== -1) queue.splice(i, 1);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(grant);
      });
    },
    get free() {
      return free;
    },
    get waiting() {
      return queue.length;
    },
  };
}
