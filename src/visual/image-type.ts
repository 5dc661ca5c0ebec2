/** The file extension of baselines and failures' images (`.png` baselines are still read, and replaced on update). */
export const IMAGE_EXT = '.webp';
export const LEGACY_IMAGE_EXT = '.png';

/** Which image format a file's bytes hold, without loading a codec (the preview serves failures' images). */
export const isWebp = (buffer: Buffer) =>
  buffer.length > 12 && buffer.toString('latin1', 0, 4) === 'RIFF' && buffer.toString('latin1', 8, 12) === 'WEBP';

/** The MIME type of an image file's bytes: WebP, else PNG (the two formats visual tests write). */
export const imageType = (buffer: Buffer) => (isWebp(buffer) ? 'image/webp' : 'image/png');
