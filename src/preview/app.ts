/**
 * The preview's browser app (`preview/`), built by Vite once per version of
 * its sources and served from memory. Designers never edit the app, so one
 * build beats transforming its modules on every start; the build lands in
 * `node_modules/.cache/authmail-preview/app/<hash>/`, the way Vite caches its own
 * work. `authmail dev --app-dev` serves the sources through Vite's dev server
 * instead, for work on the app itself.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join, relative } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
};

export interface AppFile {
  type: string;
  body: Buffer;
}

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );

/** Content hash of the app's sources and the Vite version that builds them. */
function sourceHash(app: string): string {
  const hash = createHash('sha256');
  // Wherever the package manager put Vite (beside authmail when installed, hoisted in a project).
  const vitePackage = createRequire(import.meta.url).resolve('vite/package.json');
  const vite = JSON.parse(readFileSync(vitePackage, 'utf8')) as { version: string };
  hash.update(`vite ${vite.version}\n`);
  for (const file of walk(app).sort()) hash.update(`${relative(app, file)}\n`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** The built app's files by URL path (`/`, `/assets/…`, `/sw.js`), building it first when its sources changed. */
export async function loadApp(app: string, root: string, log: (line: string) => void): Promise<Map<string, AppFile>> {
  const cacheRoot = join(root, 'node_modules/.cache/authmail-preview/app');
  const out = join(cacheRoot, sourceHash(app));
  if (!existsSync(join(out, 'index.html'))) {
    const started = performance.now();
    const staging = `${out}.${process.pid}.tmp`;
    const { build } = await import('vite');
    await build({
      root: app,
      configFile: false,
      logLevel: 'warn',
      build: { outDir: staging, emptyOutDir: true, sourcemap: false, modulePreload: { polyfill: false } },
    });
    // Older builds go; the new one appears whole (a concurrent start may have won the race).
    if (existsSync(cacheRoot)) {
      for (const old of readdirSync(cacheRoot))
        if (!old.endsWith('.tmp')) rmSync(join(cacheRoot, old), { recursive: true, force: true });
    }
    mkdirSync(cacheRoot, { recursive: true });
    if (existsSync(out)) rmSync(staging, { recursive: true, force: true });
    else renameSync(staging, out);
    log(`built the preview app in ${Math.round(performance.now() - started)} ms (cached in ${relative(root, out)})`);
  }
  const files = new Map<string, AppFile>();
  for (const file of walk(out)) {
    if (!statSync(file).isFile()) continue;
    const path = `/${relative(out, file).split('\\').join('/')}`;
    files.set(path === '/index.html' ? '/' : path, {
      type: TYPES[extname(file)] ?? 'application/octet-stream',
      body: readFileSync(file),
    });
  }
  return files;
}
