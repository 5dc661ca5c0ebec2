/**
 * How mail clients show an email in dark mode, as the preview imitates them.
 * Three behaviours (Rémi Parmentier, "Dealing with Outlook.com's dark mode",
 * hteumeuleu.com 2019; caniemail `css-at-media-prefers-color-scheme`; Litmus's
 * and Email on Acid's dark-mode client tables):
 *
 * - **dark**: the client honours the email's own `@media (prefers-color-scheme:
 *   dark)` rules — Apple Mail, iOS Mail, Outlook for macOS and iOS, Samsung Mail.
 * - **partial** (forced, partial inversion): the client ignores those rules and
 *   rewrites colours itself — light backgrounds become dark, dark text becomes
 *   light; colours that are already dark (backgrounds) or light (text) stay —
 *   Outlook.com, Gmail for Android.
 * - **full** (forced, full inversion): every colour inverted, images kept —
 *   Gmail for iOS.
 *
 * Forced dark follows Chromium's Auto Dark Mode, which Android's WebView
 * (Gmail for Android) applies: colours inverted in CIELAB lightness, hue
 * and chroma kept (`DarkModeInversionAlgorithm::kInvertLightnessLAB`, the
 * default in blink's dark_mode_settings.h; white becomes #121212), text
 * whose brightness is under 150 and backgrounds over 205 inverted, the rest
 * left (`kDefaultForegroundBrightnessThreshold`,
 * `kDefaultBackgroundBrightnessThreshold`), images untouched. An indigo link
 * (#4338ca, L* 35) so turns light (L* 65), as on those clients; mirroring
 * HSL lightness instead kept it dark on black. Outlook.com's own algorithm is
 * closed; it is documented to do the same kind of partial inversion.
 */

export type ColourMode = 'light' | 'dark' | 'partial' | 'full';

export const COLOUR_MODES: Record<ColourMode, { label: string; clients: string; ownDarkCss: boolean }> = {
  light: { label: 'Light', clients: 'Every client in light mode.', ownDarkCss: false },
  dark: {
    label: 'Dark',
    clients: 'Apple Mail, iOS Mail, Outlook for macOS and iOS, Samsung Mail: the email’s own dark styles.',
    ownDarkCss: true,
  },
  partial: {
    label: 'Forced dark',
    clients:
      'Outlook.com and Gmail for Android: light backgrounds turn dark and dark text light; the email’s own dark styles are ignored.',
    ownDarkCss: false,
  },
  full: {
    label: 'Inverted',
    clients: 'Gmail for iOS: every colour inverted (images kept); the email’s own dark styles are ignored.',
    ownDarkCss: false,
  },
};

export const isColourMode = (v: unknown): v is ColourMode => typeof v === 'string' && v in COLOUR_MODES;

type Rgba = [number, number, number, number];

/** `rgb(…)` / `rgba(…)` as computed styles give them; undefined for anything else. */
export function parseRgb(css: string): Rgba | undefined {
  const m = /^rgba?\(\s*([\d.]+)[,\s]+([\d.]+)[,\s]+([\d.]+)(?:[,\s/]+([\d.]+))?\s*\)$/.exec(css.trim());
  if (!m) return undefined;
  return [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])];
}

/** WCAG relative luminance (0 black … 1 white). */
export function luminance([r, g, b]: Rgba): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Chromium's perceived brightness of a colour (0 … 255), which decides what its dark mode inverts. */
export const brightness = ([r, g, b]: Rgba) => (r * 299 + g * 587 + b * 114) / 1000;

const D65 = [0.95047, 1, 1.08883] as const;
const toLinear = (c: number) => {
  const s = c / 255;
  return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
};
const toByte = (c: number) => {
  const v = Math.min(1, Math.max(0, c));
  return Math.round((v <= 0.0031308 ? v * 12.92 : 1.055 * v ** (1 / 2.4) - 0.055) * 255);
};
const f = (t: number) => (t > (6 / 29) ** 3 ? Math.cbrt(t) : t / (3 * (6 / 29) ** 2) + 4 / 29);
const fInv = (t: number) => (t > 6 / 29 ? t ** 3 : 3 * (6 / 29) ** 2 * (t - 4 / 29));
/** White's inverse in Chromium's dark mode: #121212, CIELAB lightness 6.1. */
const DARKEST = 6.1;

/** The colour with its CIELAB lightness inverted (L* → 100 − L*, no darker than #121212), hue and chroma kept. */
export function invertLightness([r, g, b, a]: Rgba): Rgba {
  const [R, G, B] = [toLinear(r), toLinear(g), toLinear(b)];
  const x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / D65[0];
  const y = (0.2126 * R + 0.7152 * G + 0.0722 * B) / D65[1];
  const z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / D65[2];
  const L = 116 * f(y) - 16;
  const A = 500 * (f(x) - f(y));
  const Bb = 200 * (f(y) - f(z));
  const L2 = Math.max(DARKEST, 100 - L);
  const fy = (L2 + 16) / 116;
  const X = fInv(fy + A / 500) * D65[0];
  const Y = fInv(fy) * D65[1];
  const Z = fInv(fy - Bb / 200) * D65[2];
  return [
    toByte(3.2406 * X - 1.5372 * Y - 0.4986 * Z),
    toByte(-0.9689 * X + 1.8758 * Y + 0.0415 * Z),
    toByte(0.0557 * X - 0.204 * Y + 1.057 * Z),
    a,
  ];
}

const css = ([r, g, b, a]: Rgba) => (a === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${a})`);

/** Thresholds of Chromium's dark mode: text darker than this is inverted, backgrounds lighter than that. */
const TEXT_BRIGHTNESS = 150;
const BACKGROUND_BRIGHTNESS = 205;

/** Partial inversion: light backgrounds (and borders) dark, dark text light; images and dark backgrounds untouched. */
export function invertPartially(doc: Document): void {
  const view = doc.defaultView;
  if (!view) return;
  const changes: [HTMLElement, string, string][] = [];
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>('html, body, body *'))) {
    if (el.tagName === 'IMG') continue;
    const style = view.getComputedStyle(el);
    const bg = parseRgb(style.backgroundColor);
    if (bg && bg[3] > 0 && brightness(bg) > BACKGROUND_BRIGHTNESS)
      changes.push([el, 'background-color', css(invertLightness(bg))]);
    const fg = parseRgb(style.color);
    if (fg && brightness(fg) < TEXT_BRIGHTNESS) changes.push([el, 'color', css(invertLightness(fg))]);
    const border = parseRgb(style.borderTopColor);
    if (border && border[3] > 0 && style.borderTopWidth !== '0px' && brightness(border) > BACKGROUND_BRIGHTNESS) {
      changes.push([el, 'border-color', css(invertLightness(border))]);
    }
  }
  // Read every colour first, then write: a parent's change must not alter what a child inherits before it is read.
  for (const [el, property, value] of changes) el.style.setProperty(property, value, 'important');
}

/** Full inversion: every colour, images turned back. */
export function invertFully(doc: Document): void {
  const style = doc.createElement('style');
  style.dataset.authmail = 'inverted';
  style.textContent =
    'html{filter:invert(1) hue-rotate(180deg);background:#fff}img{filter:invert(1) hue-rotate(180deg)}';
  doc.head.append(style);
}
