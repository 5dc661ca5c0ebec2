/**
 * Root-relative asset URLs (`<Img src="/static/logo.png">`, React Email's
 * convention: its preview serves `emails/static/` at `/static/`) made
 * absolute at build time. An inbox has no root to resolve them against, so
 * each becomes `assets.baseUrl` + its path, checked against the file in
 * `assets.dir`; without `assets` in the config, or without the file, the
 * build names the URL and what to set.
 */
import { existsSync } from 'node:fs';
import { join, normalize, resolve, sep } from 'node:path';
import { BundleError } from '../core/errors.ts';
import { escapeRegExp } from '../core/regexp.ts';

export interface BuildAssets {
  /** Public URL prefix the files are published at (ends with `/`). */
  readonly baseUrl: string;
  /** The local folder with the same files (absolute). */
  readonly dir: string;
}

/** `src="/x"`, `href="/x"`, `background="/x"` and CSS `url(/x)`, not `//host` (a scheme-relative URL). */
const ROOT_RELATIVE = /(\s(?:src|href|background|poster)=")(\/(?!\/)[^"{}]*)"|(url\(\s*['"]?)(\/(?!\/)[^'")]*)/g;

/** The parts with root-relative asset URLs made absolute, or a BundleError naming the first one that cannot be. */
export function absoluteAssets<T extends { html: string; text: string }>(
  where: string,
  parts: T,
  assets: BuildAssets | undefined,
): T {
  const made = new Map<string, string>();
  const absolute = (path: string) => {
    let url = made.get(path);
    if (url) return url;
    if (!assets) {
      throw new BundleError(
        `${where}: "${path}" is relative, and an email has no site to resolve it against: set assets.baseUrl (where the files are published) and assets.dir (where they are here) in the config`,
      );
    }
    let clean: string;
    try {
      clean = decodeURIComponent(path.split(/[?#]/)[0] as string);
    } catch {
      throw new BundleError(`${where}: "${path}" has a malformed % escape`);
    }
    const file = normalize(join(assets.dir, clean));
    if (!file.startsWith(assets.dir + sep) || !existsSync(file)) {
      throw new BundleError(`${where}: "${path}" has no file ${join(assets.dir, clean)} (assets.dir) to publish`);
    }
    url = new URL(path.slice(1), assets.baseUrl.endsWith('/') ? assets.baseUrl : `${assets.baseUrl}/`).href;
    made.set(path, url);
    return url;
  };
  const html = parts.html.replace(
    ROOT_RELATIVE,
    (whole, attr?: string, path?: string, css?: string, cssPath?: string) =>
      attr !== undefined
        ? `${attr}${absolute(path as string)}"`
        : css !== undefined
          ? `${css}${absolute(cssPath as string)}`
          : whole,
  );
  if (!made.size) return parts;
  // The text part shows links as written in the HTML: the same URLs, made absolute the same way.
  let text = parts.text;
  for (const [path, url] of made)
    text = text.replace(new RegExp(`(^|[\\s(\\[<])${escapeRegExp(path)}(?=$|[\\s)\\]>])`, 'gm'), `$1${url}`);
  return { ...parts, html, text };
}

/** The config's `assets`, its folder made absolute from the project root. */
export const buildAssets = (
  assets: { baseUrl: string; dir: string } | undefined,
  root: string,
): BuildAssets | undefined => (assets ? { baseUrl: assets.baseUrl, dir: resolve(root, assets.dir) } : undefined);
