/** The preview's colour arithmetic for forced dark modes (preview/src/colour-modes.ts). */
import { describe, expect, it } from 'vitest';
import {
  brightness,
  COLOUR_MODES,
  invertLightness,
  isColourMode,
  luminance,
  parseRgb,
} from '../../preview/src/colour-modes.ts';

describe('colour modes', () => {
  it('parses computed colours', () => {
    expect(parseRgb('rgb(79, 70, 229)')).toEqual([79, 70, 229, 1]);
    expect(parseRgb('rgba(0, 0, 0, 0)')).toEqual([0, 0, 0, 0]);
    expect(parseRgb('transparent')).toBeUndefined();
  });

  it('inverts CIELAB lightness as Chromium’s dark mode does: white → about #121212, hue kept, links readable', () => {
    const [w] = invertLightness([255, 255, 255, 1]);
    expect(w).toBeGreaterThanOrEqual(0x10);
    expect(w).toBeLessThanOrEqual(0x16);
    expect(invertLightness([0, 0, 0, 1])).toEqual([255, 255, 255, 1]);
    const grey = invertLightness([31, 35, 40, 1]);
    expect(luminance(grey)).toBeGreaterThan(0.6);
    const [r, g, b] = invertLightness([79, 70, 229, 1]);
    expect(b).toBeGreaterThan(r);
    expect(b).toBeGreaterThan(g);
    // A brand link (#4338ca, #1d4ed8) turns light, readable on the inverted white card (≥ 4.5:1);
    // mirroring HSL lightness kept #4338ca at about 1.9:1.
    const card = invertLightness([255, 255, 255, 1]);
    const ratio = (x: number, y: number) => (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
    for (const link of [
      [67, 56, 202, 1],
      [29, 78, 216, 1],
    ] as const)
      expect(ratio(luminance(invertLightness([...link])), luminance(card))).toBeGreaterThanOrEqual(4.5);
  });

  it('inverts what Chromium inverts: text under brightness 150, backgrounds over 205', () => {
    expect(brightness([29, 78, 216, 1])).toBeLessThan(150);
    expect(brightness([79, 70, 229, 1])).toBeLessThan(205); // a brand button keeps its colour
    expect(brightness([244, 245, 247, 1])).toBeGreaterThan(205);
  });

  it('names the clients each mode stands for, and only dark applies the email’s own dark styles', () => {
    expect(Object.keys(COLOUR_MODES)).toEqual(['light', 'dark', 'partial', 'full']);
    expect(
      Object.entries(COLOUR_MODES)
        .filter(([, m]) => m.ownDarkCss)
        .map(([k]) => k),
    ).toEqual(['dark']);
    expect(COLOUR_MODES.partial.clients).toMatch(/Outlook\.com.*Gmail for Android/);
    expect(isColourMode('full')).toBe(true);
    expect(isColourMode('sepia')).toBe(false);
  });
});
