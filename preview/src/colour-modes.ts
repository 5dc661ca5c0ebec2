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
 * The inversions here keep a colour's hue and saturation and mirror its HSL
 * lightness (L → 1 − L), which is close to what the clients do; they are an
 * approximation of closed-source behaviour, good for spotting a logo or a
 * button that disappears, not a pixel-exact copy.
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

/** The same hue and saturation with the HSL lightness mirrored (white → black, #4f46e5 → a light indigo). */
export function invertLightness([r, g, b, a]: Rgba): Rgba {
  const [R, G, B] = [r / 255, g / 255, b / 255];
  const max = Math.max(R, G, B);
  const min = Math.min(R, G, B);
  const l = (max + min) / 2;
  const d = max - min;
  const s = d === 0 ? 0 : d / (1 - Math.abs(2 * l - 1));
  let h = 0;
  if (d !== 0) {
    if (max === R) h = ((G - B) / d) % 6;
    else if (max === G) h = (B - R) / d + 2;
    else h = (R - G) / d + 4;
  }
  const L = 1 - l;
  const c = (1 - Math.abs(2 * L - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = L - c / 2;
  const [r1, g1, b1] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  return [Math.round((r1 + m) * 255), Math.round((g1 + m) * 255), Math.round((b1 + m) * 255), a];
}

const css = ([r, g, b, a]: Rgba) => (a === 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${a})`);

/** Partial inversion: light backgrounds (and borders) dark, dark text light; images and dark backgrounds untouched. */
export function invertPartially(doc: Document): void {
  const view = doc.defaultView;
  if (!view) return;
  const changes: [HTMLElement, string, string][] = [];
  for (const el of Array.from(doc.querySelectorAll<HTMLElement>('html, body, body *'))) {
    if (el.tagName === 'IMG') continue;
    const style = view.getComputedStyle(el);
    const bg = parseRgb(style.backgroundColor);
    if (bg && bg[3] > 0 && luminance(bg) > 0.5) changes.push([el, 'background-color', css(invertLightness(bg))]);
    const fg = parseRgb(style.color);
    if (fg && luminance(fg) < 0.5) changes.push([el, 'color', css(invertLightness(fg))]);
    const border = parseRgb(style.borderTopColor);
    if (border && border[3] > 0 && style.borderTopWidth !== '0px' && luminance(border) > 0.5) {
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
