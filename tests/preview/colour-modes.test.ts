/** The preview's colour arithmetic for forced dark modes (preview/src/colour-modes.ts). */
import { describe, expect, it } from 'vitest';
import { COLOUR_MODES, invertLightness, isColourMode, luminance, parseRgb } from '../../preview/src/colour-modes.ts';

describe('colour modes', () => {
  it('parses computed colours', () => {
    expect(parseRgb('rgb(79, 70, 229)')).toEqual([79, 70, 229, 1]);
    expect(parseRgb('rgba(0, 0, 0, 0)')).toEqual([0, 0, 0, 0]);
    expect(parseRgb('transparent')).toBeUndefined();
  });

  it('mirrors lightness, keeping hue: white ↔ black, a dark text grey turns light, a brand colour keeps its hue', () => {
    expect(invertLightness([255, 255, 255, 1])).toEqual([0, 0, 0, 1]);
    expect(invertLightness([0, 0, 0, 1])).toEqual([255, 255, 255, 1]);
    const grey = invertLightness([31, 35, 40, 1]);
    expect(luminance(grey)).toBeGreaterThan(0.7);
    const [r, g, b] = invertLightness([79, 70, 229, 1]);
    expect(b).toBeGreaterThan(r);
    expect(b).toBeGreaterThan(g);
    // HSL lightness mirrored: (max + min) / 2 goes from 0.586 to 1 − 0.586.
    expect((Math.max(r, g, b) + Math.min(r, g, b)) / 2 / 255).toBeCloseTo(1 - (229 + 70) / 2 / 255, 1);
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
