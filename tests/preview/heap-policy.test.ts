/**
 * The preview's garbage-collection policy (src/preview/heap-policy.mjs) takes effect in a running Node:
 * its flags are read at each collection, so set after start they still bound the heap. A Node whose V8
 * dropped or froze a flag fails here, not silently in the preview's memory.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const POLICY = fileURLToPath(new URL('../../src/preview/heap-policy.mjs', import.meta.url));

/**
 * A preview-like burst: objects that outlive a few collections (a ring of 20,000, ~2 MB) and 2 million
 * allocated in all; the largest young and old generation seen, in MB.
 */
const CHURN = `
import v8 from 'node:v8';
if (process.argv[1] === 'policy') (await import(${JSON.stringify(POLICY)})).applyHeapPolicy();
const space = (name) => v8.getHeapSpaceStatistics().find((s) => s.space_name === name).space_size / 2 ** 20;
let young = 0, old = 0;
const ring = new Array(20_000);
for (let i = 0; i < 2_000_000; i++) {
  ring[i % ring.length] = { i, s: 'item ' + i, a: [i, i + 1, i + 2] };
  if (i % 5000 === 0) {
    young = Math.max(young, space('new_space'));
    old = Math.max(old, space('old_space'));
    await new Promise((resolve) => setImmediate(resolve));
  }
}
console.log(JSON.stringify({ young, old }));
`;

function churn(withPolicy: boolean, nodeOptions = '') {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', CHURN, withPolicy ? 'policy' : 'defaults'], {
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
  });
  expect(run.status, run.stderr).toBe(0);
  return { ...(JSON.parse(run.stdout) as { young: number; old: number }), stderr: run.stderr };
}

describe('the preview heap policy', () => {
  it('keeps the young generation at its first size and collects the old one early, without a word from V8', () => {
    const defaults = churn(false);
    const policy = churn(true);
    // V8's own growth: 2 × 16 MB of young generation for this burst.
    expect(defaults.young).toBeGreaterThan(8);
    expect(policy.young).toBeLessThanOrEqual(2);
    // Promoted early, the burst's objects must not pile up in the old generation either (37 MB without the
    // growing percent on Node 20, 22 MB with it).
    expect(policy.old).toBeLessThan(30);
    // An unknown or refused flag would be reported on stderr.
    expect(policy.stderr).toBe('');
  });

  it('stays out when the heap was sized by Node options (NODE_OPTIONS or the command line)', () => {
    // The young generation's size asked for is kept: 2 × 16 MB, which the policy alone would have held at 2.
    expect(churn(true, '--max-semi-space-size=16').young).toBeGreaterThan(8);
  });
});
