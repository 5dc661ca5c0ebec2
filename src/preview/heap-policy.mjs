// @ts-check
/**
 * The preview's garbage-collection policy: small over fast. V8's defaults suit
 * a server under load — a young generation that grows to 2 × 16 MB and an old
 * generation left to fill up to a high first limit before any full collection —
 * and in the preview's process they were most of its memory: at idle 30 MB of
 * young generation for 9 MB of objects, after a session 45 MB of old
 * generation for 30 MB live. The preview's work comes in bursts (a save, a
 * contact sheet) between long idle spells, and its figures (`bench/preview.ts`)
 * did not move with the policy below: the first email, saves and contact
 * sheets took as long, the peak RSS fell from ~170 to ~132 MB.
 *
 * Node offers no option a process can set for itself; these two V8 flags are
 * read at each collection, so setting them as the process starts takes effect
 * (`--max-semi-space-size` would not: it is read once, when the heap is made).
 */
import v8 from 'node:v8';

/** The flags, each read by V8 at every collection (checked by tests/preview/heap-policy.test.ts). */
export const HEAP_POLICY = [
  // The young generation stays at its first size (1 MB per semi-space): what outlives a burst is promoted
  // early instead of being copied back and forth in a 32 MB nursery.
  '--semi-space-growth-factor=1',
  // A full collection once the old generation has grown by a fifth over what survived the last one (V8 otherwise
  // picks a factor of up to 4 from its own speed figures), so that a session's garbage does not pile up.
  '--heap-growing-percent=20',
];

/** Node options that size the heap: whoever set them chose for this process, and the policy stays out. */
const HEAP_OPTION = /--(max-semi-space-size|min-semi-space-size|semi-space-growth-factor|heap-growing-percent)\b/;

/** Applies the policy to this process; once, before the preview loads anything large. */
export function applyHeapPolicy() {
  if (HEAP_OPTION.test([...process.execArgv, process.env.NODE_OPTIONS ?? ''].join(' '))) return;
  for (const flag of HEAP_POLICY) v8.setFlagsFromString(flag);
}
