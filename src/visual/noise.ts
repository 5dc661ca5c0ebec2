/** Synthetic rendering noise for measuring and testing the visual tolerance (bench/visual-noise.ts). */
import type { Image } from './image.ts';

/**
 * Synthetic rasterization noise, seeded: every channel of every pixel on an edge (a pixel whose
 * neighbours differ: glyph and border anti-aliasing) moves by up to ±`edge` levels, and every pixel
 * by up to ±`all`. This is the scale of what Skia blending, gamma or colour-conversion changes do to
 * the same geometry; it does not move glyphs (see "subpixel positioning off" for that).
 */
export function perturb(img: Image, edge: number, all: number, seed: number): Image {
  let state = seed >>> 0 || 1;
  const rand = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const { width, height, data } = img;
  const out = new Uint8Array(data);
  const px = (x: number, y: number) => (y * width + x) * 4;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = px(x, y);
      let isEdge = false;
      for (let dy = -1; dy <= 1 && !isEdge; dy++) {
        for (let dx = -1; dx <= 1 && !isEdge; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = px(nx, ny);
          if (data[j] !== data[i] || data[j + 1] !== data[i + 1] || data[j + 2] !== data[i + 2]) isEdge = true;
        }
      }
      const amount = isEdge ? edge : all;
      if (!amount) continue;
      for (let c = 0; c < 3; c++) {
        const delta = Math.round((rand() * 2 - 1) * amount);
        out[i + c] = Math.max(0, Math.min(255, (data[i + c] as number) + delta));
      }
    }
  }
  return { width, height, data: out };
}
