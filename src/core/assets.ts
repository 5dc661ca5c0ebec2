/**
 * Offline assets: files under `config.assets.dir` are published at
 * `config.assets.baseUrl`. The preview and the visual tests serve those URLs
 * from disk, so emails look as sent without any request leaving the machine.
 */
import { existsSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
// The section's schema is a module of its own: the lookup is on the preview's start path, zod is not.
import type { AssetsSection } from './assets-schema.ts';

/** Image types by extension: what an email links to and the preview serves. */
export const ASSET_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

export type { AssetsSection };

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
