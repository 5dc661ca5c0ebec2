/**
 * The record of the last visual run (src/visual/results.ts) and approving one
 * failure: only a failure of that run, only into the baselines folder inside
 * the project, and only with its actual image present.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveShot, RESULTS_FILE, readRunRecord, writeRunRecord } from '../../src/visual/results.ts';

let root: string;
let out: string;
const baselines = () => join(root, 'tests/visual/baselines');

/** A run with one failure (en/sign-in.desktop-light) whose images exist. */
async function recordRun(baselineDir = baselines()) {
  const actual = join(out, 'failures/en/sign-in.desktop-light.actual.webp');
  mkdirSync(join(out, 'failures/en'), { recursive: true });
  writeFileSync(actual, 'new shot');
  await writeRunRecord(
    {
      shots: 4,
      passed: 3,
      failures: [{ id: 'en/sign-in.desktop-light', reason: '99 pixels differ', diffPixels: 99, actual }],
    },
    out,
    baselineDir,
    root,
  );
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'authmail-results-'));
  out = join(root, 'test-results/visual');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the run record', () => {
  it('is absent before a run, and holds paths relative to the project and output folder', async () => {
    expect(await readRunRecord(out)).toBeUndefined();
    await recordRun();
    const record = await readRunRecord(out);
    expect(record).toMatchObject({
      shots: 4,
      passed: 3,
      baselines: 'tests/visual/baselines',
      failures: [
        { id: 'en/sign-in.desktop-light', files: { actual: 'failures/en/sign-in.desktop-light.actual.webp' } },
      ],
    });
  });

  it('names the file when it is not a record', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, RESULTS_FILE), JSON.stringify({ version: 1, failures: [{ id: '../x' }] }));
    await expect(readRunRecord(out)).rejects.toThrow(`${join(out, RESULTS_FILE)} is not a visual run record`);
  });
});

describe('approveShot', () => {
  it('copies the actual image over the baseline and marks the failure approved', async () => {
    await recordRun();
    // A PNG baseline of an earlier version is replaced, not left beside the new one.
    mkdirSync(join(baselines(), 'en'), { recursive: true });
    writeFileSync(join(baselines(), 'en/sign-in.desktop-light.png'), 'old shot');
    expect(await approveShot(out, root, 'en/sign-in.desktop-light')).toBe(
      'tests/visual/baselines/en/sign-in.desktop-light.webp',
    );
    expect(readFileSync(join(baselines(), 'en/sign-in.desktop-light.webp'), 'utf8')).toBe('new shot');
    expect(existsSync(join(baselines(), 'en/sign-in.desktop-light.png'))).toBe(false);
    expect((await readRunRecord(out))?.failures[0]?.approvedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('refuses what is not a failure of the last run, a run that is missing, and a vanished image', async () => {
    await expect(approveShot(out, root, 'en/sign-in.desktop-light')).rejects.toMatchObject({ code: 'NO_RUN' });
    await recordRun();
    for (const id of ['en/sign-in.mobile-dark', '../../package', 'en/sign-in.desktop-light/../../x']) {
      await expect(approveShot(out, root, id)).rejects.toMatchObject({
        code: 'NOT_A_FAILURE',
        message: `${id} is not a failing comparison of the last visual run`,
      });
    }
    rmSync(join(out, 'failures'), { recursive: true });
    await expect(approveShot(out, root, 'en/sign-in.desktop-light')).rejects.toMatchObject({ code: 'NO_IMAGE' });
    expect(existsSync(baselines())).toBe(false);
  });

  it('never writes outside the project, even when the run compared with baselines there', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'authmail-elsewhere-'));
    try {
      await recordRun(elsewhere);
      await expect(approveShot(out, root, 'en/sign-in.desktop-light')).rejects.toMatchObject({
        code: 'OUTSIDE_PROJECT',
      });
      expect(existsSync(join(elsewhere, 'en'))).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});
