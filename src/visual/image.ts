/**
 * RGBA images and compact PNG files for baselines: screenshots are opaque,
 * so they are stored without alpha, with maximum compression. Lossless:
 * decoding gives back exactly the captured pixels. (A palette PNG would be
 * smaller, but anti-aliased text gives every email 1 200–1 600 colours.)
 */
import { constants } from 'node:zlib';
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes per pixel. */
  data: Uint8Array;
}

export function decodePng(buffer: Buffer): Image {
  const png = PNG.sync.read(buffer);
  return {
    width: png.width,
    height: png.height,
    data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length),
  };
}

/** Encodes an opaque image losslessly and small: RGB (no alpha), adaptive row filters, deflate level 9. */
export function encodePng(image: Image): Buffer {
  const png = new PNG({ width: image.width, height: image.height });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.length);
  return PNG.sync.write(png, {
    colorType: 2,
    inputHasAlpha: true,
    deflateLevel: 9,
    deflateStrategy: constants.Z_FILTERED,
  });
}

/** Places `image` on a `width` × `height` canvas (white), top-left. */
export function padImage(image: Image, width: number, height: number): Image {
  if (image.width === width && image.height === height) return image;
  const data = new Uint8Array(width * height * 4).fill(255);
  for (let y = 0; y < Math.min(height, image.height); y++) {
    data.set(
      image.data.subarray(y * image.width * 4, (y * image.width + Math.min(width, image.width)) * 4),
      y * width * 4,
    );
  }
  return { width, height, data };
}
