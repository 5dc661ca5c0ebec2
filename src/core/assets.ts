/**
 * Offline assets: files under `config.assets.dir` are published at
 * `config.assets.baseUrl`. The preview and the visual tests serve those URLs
 * from disk, so emails look as sent without any request leaving the machine.
 */
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { z } from 'zod';

/** Image types by extension: what an email links to and the preview serves. */
export const ASSET_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

/** The config's `assets` section. */
export const assetsSchema = z
  .object({
    /** Public URL prefix where the files of `dir` are hosted (logos). */
    baseUrl: z.string().url(),
    /** Local folder with the same files; the preview and visual tests serve from it, offline. */
    dir: z.string().min(1),
  })
  .strict();

export type AssetsSection = z.output<typeof assetsSchema>;

/** The local file for an asset URL, or `undefined` when the URL is not under `assets.baseUrl` or has no file. */

export function localAsset(
  url: string,
  assets: AssetsSection | undefined,
  cwd = process.cwd(),
): { path: string; type: string } | undefined {
  if (!assets || !url.startsWith(assets.baseUrl)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(url.slice(assets.baseUrl.length).split(/[?#]/)[0] ?? '');
  } catch {
    return undefined; // a malformed % escape names no file
  }
  const root = resolve(cwd, assets.dir);
  const path = normalize(join(root, relative));
  if (!path.startsWith(root + sep) || !existsSync(path)) return undefined;
  return { path, type: ASSET_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream' };
}
