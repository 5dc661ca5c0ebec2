/** The forced-dark logo check (src/check/rules/logo.ts) on logo files drawn here. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, describe, expect, it } from 'vitest';
import { darkOutlineShare, logoFindings } from '../../src/check/rules/logo.ts';
import { goodEmail } from '../fixtures/emails.ts';

/** A 40×20 logo: a 20×10 block of `ink` in the middle, on `ground` (RGBA), with an optional 2 px keyline. */
function logo(ink: number[], ground: number[], keyline?: number[]): Buffer {
  const width = 40;
  const height = 20;
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const inInk = x >= 10 && x < 30 && y >= 5 && y < 15;
      const inLine = keyline && x >= 8 && x < 32 && y >= 3 && y < 17;
      data.set(inInk ? ink : inLine ? (keyline as number[]) : ground, (y * width + x) * 4);
    }
  const png = new PNG({ width, height });
  png.data = Buffer.from(data);
  return PNG.sync.write(png); // RGBA: the transparency kept
}

const BLACK = [31, 35, 40, 255];
const WHITE = [255, 255, 255, 255];
const CLEAR = [0, 0, 0, 0];
const dir = mkdtempSync(join(tmpdir(), 'authmail-logo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('logo-forced-dark', () => {
  it('measures the dark share of a transparent logo’s outline; an opaque logo carries its ground', () => {
    expect(darkOutlineShare(logo(BLACK, CLEAR))).toBe(1);
    expect(darkOutlineShare(logo(BLACK, CLEAR, WHITE))).toBe(0);
    expect(darkOutlineShare(logo([79, 70, 229, 255], CLEAR))).toBe(0); // an indigo mark stays visible (> 2:1)
    expect(darkOutlineShare(logo(BLACK, WHITE))).toBeUndefined();
  });

  it('reports a dark transparent logo shown in light mode, naming it; not a hidden dark variant or a remote image', () => {
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(join(dir, 'assets/ink.png'), logo(BLACK, CLEAR));
    writeFileSync(join(dir, 'assets/keyline.png'), logo(BLACK, CLEAR, WHITE));
    const assets = { baseUrl: 'https://cdn.test/', dir: 'assets' };
    const email = (img: string) => goodEmail({ html: `<html><body>${img}</body></html>` });
    const found = logoFindings([email('<img src="https://cdn.test/ink.png" alt="Acme">')], assets, dir);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ rule: 'logo-forced-dark', severity: 'warning', location: { part: 'html' } });
    expect(found[0]?.message).toMatch(/^https:\/\/cdn\.test\/ink\.png: 100 % of the logo's outline is under 2:1/);
    for (const img of [
      '<img src="https://cdn.test/keyline.png" alt="Acme">',
      '<img src="https://cdn.test/ink.png" alt="" style="display:none;max-height:0">',
      '<img src="https://elsewhere.test/ink.png" alt="Acme">',
    ])
      expect(logoFindings([email(img)], assets, dir), img).toEqual([]);
  });
});
