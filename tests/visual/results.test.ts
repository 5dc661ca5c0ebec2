/**
 * The record of the last visual run (src/visual/results.ts) and approving
 * failures: only failures of that run, only into the config's baselines
 * folder inside the project (by real path: no symlink out), only with their
 * actual images present, all or none.
 */
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approveShots, RESULTS_FILE, readRunRecord, writeRunRecord } from '../../src/visual/results.ts';

let root: string;
let out: string;
const baselines = () => join(root, 'tests/visual/baselines');

const SHOTS = ['en/sign-in.desktop-light', 'en/sign-in.stress-mobile-light'] as const;

/** A run with two failures (a shot and a stress shot) whose images exist. */
async function recordRun(baselineDir = baselines()) {
  mkdirSync(join(out, 'failures/en'), { recursive: true });
  const failures = SHOTS.map((id, n) => {
    const actual = join(out, `failures/${id}.actual.webp`);
    writeFileSync(actual, `new shot ${n}`);
    return { id, reason: '99 pixels differ', diffPixels: 99, actual };
  });
  await writeRunRecord({ shots: 4, passed: 2, failures }, out, baselineDir, root);
}

const approve = (ids: readonly string[], dir = baselines()) => approveShots({ outDir: out, root, baselines: dir, ids });

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
      passed: 2,
      baselines: 'tests/visual/baselines',
      failures: [
        { id: 'en/sign-in.desktop-light', files: { actual: 'failures/en/sign-in.desktop-light.actual.webp' } },
        // A stress shot's id has one more part: the record still reads.
        {
          id: 'en/sign-in.stress-mobile-light',
          files: { actual: 'failures/en/sign-in.stress-mobile-light.actual.webp' },
        },
      ],
    });
  });

  it('names the file when it is not a record', async () => {
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, RESULTS_FILE), JSON.stringify({ version: 1, failures: [{ id: '../x' }] }));
    await expect(readRunRecord(out)).rejects.toThrow(`${join(out, RESULTS_FILE)} is not a visual run record`);
  });
});

describe('approveShots', () => {
  it('copies the actual images over the baselines and marks the failures approved', async () => {
    await recordRun();
    // A PNG baseline of an earlier version is replaced, not left beside the new one.
    mkdirSync(join(baselines(), 'en'), { recursive: true });
    writeFileSync(join(baselines(), 'en/sign-in.desktop-light.png'), 'old shot');
    expect(await approve(SHOTS)).toEqual([
      'tests/visual/baselines/en/sign-in.desktop-light.webp',
      'tests/visual/baselines/en/sign-in.stress-mobile-light.webp',
    ]);
    expect(readFileSync(join(baselines(), 'en/sign-in.desktop-light.webp'), 'utf8')).toBe('new shot 0');
    expect(readFileSync(join(baselines(), 'en/sign-in.stress-mobile-light.webp'), 'utf8')).toBe('new shot 1');
    expect(existsSync(join(baselines(), 'en/sign-in.desktop-light.png'))).toBe(false);
    expect((await readRunRecord(out))?.failures.map((f) => f.approvedAt)).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    ]);
  });

  it('refuses what is not a failure of the last run, a run that is missing, and a vanished image', async () => {
    await expect(approve(['en/sign-in.desktop-light'])).rejects.toMatchObject({ code: 'NO_RUN' });
    await recordRun();
    for (const id of ['en/sign-in.mobile-dark', '../../package', 'en/sign-in.desktop-light/../../x']) {
      await expect(approve([id])).rejects.toMatchObject({
        code: 'NOT_A_FAILURE',
        message: `${id} is not a failing comparison of the last visual run`,
      });
    }
    rmSync(join(out, 'failures'), { recursive: true });
    await expect(approve(['en/sign-in.desktop-light'])).rejects.toMatchObject({ code: 'NO_IMAGE' });
    expect(existsSync(baselines())).toBe(false);
  });

  it('approves all or none: one bad id in a batch writes nothing', async () => {
    await recordRun();
    await expect(approve([SHOTS[0], 'en/sign-in.mobile-dark'])).rejects.toMatchObject({ code: 'NOT_A_FAILURE' });
    expect(existsSync(baselines())).toBe(false);
    expect((await readRunRecord(out))?.failures.every((f) => f.approvedAt === undefined)).toBe(true);
  });

  it('writes only into the config’s baselines, never where the run record says', async () => {
    await recordRun(join(root, 'elsewhere/baselines'));
    await expect(approve([SHOTS[0]])).rejects.toMatchObject({
      code: 'BASELINES_MOVED',
      message:
        "The last visual run compared with elsewhere/baselines, the config's visual.baselines is tests/visual/baselines: run `authmail test:visual` again",
    });
    expect(existsSync(join(root, 'elsewhere'))).toBe(false);
  });

  it('never writes outside the project: a baselines folder there, or a symlink out of it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'authmail-elsewhere-'));
    try {
      await recordRun(elsewhere);
      await expect(approve([SHOTS[0]], elsewhere)).rejects.toMatchObject({ code: 'OUTSIDE_PROJECT' });
      expect(existsSync(join(elsewhere, 'en'))).toBe(false);

      // The locale's folder a symlink out of the project.
      await recordRun();
      mkdirSync(baselines(), { recursive: true });
      symlinkSync(elsewhere, join(baselines(), 'en'));
      await expect(approve([SHOTS[0]])).rejects.toMatchObject({ code: 'OUTSIDE_PROJECT' });
      expect(existsSync(join(elsewhere, 'sign-in.desktop-light.webp'))).toBe(false);

      // The baselines folder itself a symlink out.
      rmSync(baselines(), { recursive: true });
      symlinkSync(elsewhere, baselines());
      await expect(approve([SHOTS[0]])).rejects.toMatchObject({ code: 'OUTSIDE_PROJECT' });
      expect(existsSync(join(elsewhere, 'en'))).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('replaces a baseline that is a symlink instead of writing through it', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'authmail-elsewhere-'));
    try {
      await recordRun();
      mkdirSync(join(baselines(), 'en'), { recursive: true });
      writeFileSync(join(elsewhere, 'victim'), 'untouched');
      symlinkSync(join(elsewhere, 'victim'), join(baselines(), 'en/sign-in.desktop-light.webp'));
      await approve([SHOTS[0]]);
      expect(readFileSync(join(elsewhere, 'victim'), 'utf8')).toBe('untouched');
      expect(lstatSync(join(baselines(), 'en/sign-in.desktop-light.webp')).isSymbolicLink()).toBe(false);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  it('refuses an actual image that is a symlink out of the run’s folder', async () => {
    await recordRun();
    const secret = join(root, 'secret.txt');
    writeFileSync(secret, 'not a screenshot');
    const actual = join(out, `failures/${SHOTS[0]}.actual.webp`);
    rmSync(actual);
    symlinkSync(secret, actual);
    await expect(approve([SHOTS[0]])).rejects.toMatchObject({ code: 'NO_IMAGE' });
    expect(existsSync(baselines())).toBe(false);
  });
});
