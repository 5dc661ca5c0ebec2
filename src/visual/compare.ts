/**
 * Compares a screenshot with its baseline (pixelmatch). The tolerance was
 * measured (bench/visual-noise.ts, bench/README.md): it absorbs rendering
 * noise of the kind a Chromium/Skia update brings, while a changed OTP
 * digit (~100 px) or a colour change still fails.
 */
import pixelmatch from 'pixelmatch';
import { type Image, padImage } from './image.ts';

export interface Tolerance {
  /** pixelmatch's per-pixel colour threshold (YIQ distance, 0–1). */
  threshold: number;
  /** false: pixels pixelmatch identifies as anti-aliasing do not count. */
  includeAA: boolean;
  /** The test fails when more pixels than this differ. */
  maxDiffPixels: number;
}

/** See docs/visual.md for how this was chosen. */
export const TOLERANCE: Tolerance = { threshold: 0.03, includeAA: true, maxDiffPixels: 40 };

export interface Comparison {
  pass: boolean;
  /** Pixels that differ (beyond the threshold, AA excluded); all pixels outside the overlap when sizes differ. */
  diffPixels: number;
  sizeMismatch: boolean;
  /** Changed pixels in red over a faded copy of the baseline. */
  diff: Image;
}

export function compareImages(expected: Image, actual: Image, tolerance: Tolerance = TOLERANCE): Comparison {
  const width = Math.max(expected.width, actual.width);
  const height = Math.max(expected.height, actual.height);
  const a = padImage(expected, width, height);
  const b = padImage(actual, width, height);
  const diff = { width, height, data: new Uint8Array(width * height * 4) };
  const diffPixels = pixelmatch(a.data, b.data, diff.data, width, height, {
    threshold: tolerance.threshold,
    includeAA: tolerance.includeAA,
    alpha: 0.15,
  });
  const sizeMismatch = expected.width !== actual.width || expected.height !== actual.height;
  return { pass: !sizeMismatch && diffPixels <= tolerance.maxDiffPixels, diffPixels, sizeMismatch, diff };
}
