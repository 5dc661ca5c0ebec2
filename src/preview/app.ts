/**
 * The preview's browser app (`preview/`), served from memory as built files.
 * The package ships it prebuilt (`lib/preview-app/`, made by `npm pack`); when
 * its sources differ from that build (a checkout of this repository, an edit
 * of `preview/`), Vite builds it once per version of the sources into
 * `node_modules/.cache/authmail-preview/app/<hash>/`, the way Vite caches its own
 * work. `authmail dev --app-dev` serves the sources through Vite's dev server
 * instead, for work on the app itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

/** Names the sources a build was made from; not served. */
const STAMP = 'source-hash';
const BUILDER = fileURLToPath(new URL('./build-app.mjs', import.meta.url));

export interface AppFile {
  type: string;
  body: Buffer;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );

/** Content hash of the app's sources. */
export function sourceHash(app: string): string {
  const hash = createHash('sha256');
  for (const file of walk(app).sort()) hash.update(`${relative(app, file)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

const isBuildOf = (dir: string, hash: string) =>
  existsSync(join(dir, 'index.html')) &&
  existsSync(join(dir, STAMP)) &&
  readFileSync(join(dir, STAMP), 'utf8') === hash;

/** Builds the app into `out` (replaced whole: a concurrent start sees the old build or the new one). */
export async function buildApp(app: string, out: string): Promise<void> {
  const staging = `${out}.${process.pid}.tmp`;
  // Imported here: a start with the app built (every start but the first) does not load child_process.
  const { execFile } = await import('node:child_process');
  await promisify(execFile)(process.execPath, [BUILDER, app, staging], {
    env: { ...process.env, NODE_ENV: 'production' },
  });
  writeFileSync(join(staging, STAMP), sourceHash(app));
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
}

/**
 * The built app's files by URL path (`/`, `/assets/…`, `/sw.js`): the shipped
 * build when it matches the sources, else a cached build, made first when missing.
 */
export async function loadApp(
  app: string,
  toolkit: string,
  log: (line: string) => void,
  prebuilt = join(toolkit, 'lib/preview-app'),
): Promise<Map<string, AppFile>> {
  const hash = sourceHash(app);
  let dir = prebuilt;
  if (!isBuildOf(prebuilt, hash)) {
    // AUTHMAIL_PREVIEW_CACHE: another cache folder (a read-only node_modules, a test of the first start).
    const cacheRoot = process.env.AUTHMAIL_PREVIEW_CACHE ?? join(toolkit, 'node_modules/.cache/authmail-preview/app');
    dir = join(cacheRoot, hash);
    if (!isBuildOf(dir, hash)) {
      const started = performance.now();
      // Older builds go (a concurrent start's staging folder stays).
      if (existsSync(cacheRoot)) {
        for (const old of readdirSync(cacheRoot))
          if (!old.endsWith('.tmp')) rmSync(join(cacheRoot, old), { recursive: true, force: true });
      }
      mkdirSync(cacheRoot, { recursive: true });
      await buildApp(app, dir);
      log(
        `built the preview app in ${Math.round(performance.now() - started)} ms (cached in ${relative(toolkit, dir)})`,
      );
    }
  }
  const files = new Map<string, AppFile>();
  for (const file of walk(dir)) {
    const path = `/${relative(dir, file).split('\\').join('/')}`;
    if (path === `/${STAMP}`) continue;
    files.set(path === '/index.html' ? '/' : path, {
      type: TYPES[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  }
  return files;
}
