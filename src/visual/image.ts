/**
 * RGBA images, and the files they are kept in. Baselines and the images of
 * a failure are lossless WebP: decoding gives back exactly the captured
 * pixels, at about 40 % of the size of the best PNG (RGB, deflate level 9;
 * a palette does not apply: anti-aliased text gives every email 1 200–1 600
 * colours). Chromium's screenshots arrive as PNG, and baselines a project
 * recorded before WebP are PNG files: both decode here.
 */
import { constants } from 'node:zlib';
import { Transformer } from '@napi-rs/image';
import { PNG } from 'pngjs';
import { isWebp } from './image-type.ts';

export { IMAGE_EXT, LEGACY_IMAGE_EXT } from './image-type.ts';

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

/** A PNG or WebP file's pixels, as RGBA. */
export function decodeImage(buffer: Buffer): Image {
  if (!isWebp(buffer)) return decodePng(buffer);
  const { width, height } = new Transformer(buffer).metadataSync();
  const raw = new Transformer(buffer).rawPixelsSync();
  const channels = raw.length / (width * height);
  if (channels === 4) return { width, height, data: new Uint8Array(raw.buffer, raw.byteOffset, raw.length) };
  // An opaque image decodes as RGB.
  const data = new Uint8Array(width * height * 4);
  for (let i = 0, j = 0; j < raw.length; i += 4, j += 3) {
    data[i] = raw[j] as number;
    data[i + 1] = raw[j + 1] as number;
    data[i + 2] = raw[j + 2] as number;
    data[i + 3] = 255;
  }
  return { width, height, data };
}

/** Encodes an image as lossless WebP (the encoder drops the alpha channel of an opaque image itself). */
export function encodeWebp(image: Image): Buffer {
  return Transformer.fromRgbaPixels(image.data, image.width, image.height).webpLosslessSync();
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
