/** Colour arithmetic for the brand: WCAG 2 relative luminance and contrast, readable text, tints. */

const channels = (hex: string) => [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16));

const luminance = (hex: string) => {
  const [r, g, b] = channels(hex).map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};

/** WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21). */
export const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

/** Black or white, whichever reads better on `background`. */
export const readableOn = (background: string) =>
  contrast(background, '#ffffff') >= contrast(background, '#111111') ? '#ffffff' : '#111111';

/** `hex` mixed toward white by `amount` (0–1), for links on dark backgrounds. */
export const tint = (hex: string, amount: number) =>
  `#${channels(hex)
    .map((c) =>
      Math.round(c + (255 - c) * amount)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
