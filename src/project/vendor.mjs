// @ts-check
/**
 * The preview's dependencies pre-bundled, as Vite's dependency optimizer does
 * for the browser: React, React Email's components and renderer, i18next,
 * BudouX, zod, chokidar, css-select, diff, html-to-text and htmlparser2 in
 * one CommonJS file, evaluated with V8's code cache. Node 20
 * (no module compile cache) spends ~250 ms of every start resolving, reading
 * and compiling the few hundred files they are made of; the one file with its
 * code cache loads in ~65 ms.
 *
 * Only a known set is bundled (a package that reads its own files at run time
 * would break in a bundle), and only when the code imports nothing else: a
 * dependency outside the set could load a second React. Otherwise every
 * dependency loads natively, as without this file.
 *
 * A start uses what the last start left: `refreshVendor()` runs once the
 * preview is idle, rebuilds the bundle when the set of imports or a version
 * changed, and otherwise writes the code cache of the functions that ran.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { versionOf } from './package-version.mjs';

const require = createRequire(import.meta.url);
const TOOLKIT = fileURLToPath(new URL('../..', import.meta.url));

const BUNDLED_PACKAGES = new Set([
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom/server',
  '@react-email/render',
  'budoux',
  'i18next',
  'zod',
  // Imported by the toolkit's own code at start (the watcher, the checks' selectors, React Email's
  // compile): outside the set, they kept every start from using the bundle (~250 ms each).
  'chokidar',
  'css-select',
  'diff',
  // The text part's converter (render/markup.ts), React Email's own.
  'html-to-text',
  // The server's inbox line (preview/inbox-line.ts), required with the first email rendered (~40 ms natively).
  'htmlparser2',
]);
/** React Email's component files, imported one by one by the loader's slim `react-email`. */
const COMPONENT_FILE = /\/node_modules\/react-email\/dist\/components\/[\w/-]+\.mjs$/;

/**
 * Whether `id` may go in the bundle.
 * @param {string} id
 */
export const isBundlable = (id) => BUNDLED_PACKAGES.has(id) || (id.startsWith('file:') && COMPONENT_FILE.test(id));
/**
 * Node's builtins and the toolkit's own plain modules (this one, the loader) always load natively, shared.
 * @param {string} id
 */
const isNative = (id) => id.startsWith('node:') || (id.startsWith('file:') && !id.includes('/node_modules/'));

/**
 * The React build in the bundle (and the `process.env.NODE_ENV` branch of every bundled package): production —
 * the same markup, rendered ~1.5× faster in less memory, and the bundle without React's development server
 * renderer (~0.8 MB) — unless the run asks for development (`NODE_ENV=development authmail dev`, for React's
 * warnings). The process's own NODE_ENV is left alone: a project's config reads it as `authmail build` does.
 */
const REACT_BUILD = process.env.NODE_ENV === 'development' ? 'development' : 'production';

/** @param {string} id */
const packageOf = (id) => {
  if (id.startsWith('file:')) return 'react-email';
  const parts = id.split('/');
  return id.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? id);
};
/**
 * What a bundle depends on besides its ids: Node (the code cache) and each package's version.
 * @param {readonly string[]} ids
 */
const keyOf = (ids) =>
  JSON.stringify({
    // The bundle's own format: a new one makes every start rebuild it (2: whitespace and comments left out).
    format: 2,
    node: process.version,
    react: REACT_BUILD,
    ids: ids.map((id) => [id, versionOf(packageOf(id))]),
  });

/** The bundle (its first line a comment with its key and ids: one file, so that no reader mixes two) and V8's cache. */
/** @param {string} dir */
const files = (dir) => ({ code: join(dir, 'vendor.cjs'), cache: join(dir, 'vendor.v8') });
const HEADER = '// authmail-vendor ';

/**
 * id → the bundle's function that runs the module (undefined when the bundle cannot be evaluated), then the
 * namespace it made.
 * @type {Map<string, (() => Record<string, unknown> | undefined) | Record<string, unknown>>}
 */
const registry = new Map();
/**
 * What the loaders imported natively or from the bundle during this run.
 * @type {Set<string>}
 */
const imported = new Set();
/**
 * The key of the bundle this run registered; `loaded` once it was evaluated (on the first use of one of its modules).
 * @type {string | undefined}
 */
let registered;
/** @type {{ key: string, script: vm.Script, cacheAccepted: boolean } | undefined} */
let loaded;
/** @type {Promise<string> | undefined} */
let refreshing;

/**
 * Whether this run's bundle holds `id`.
 * @param {string} id
 */
export const isVendored = (id) => registry.has(id);

/**
 * The bundled module of `id` as a namespace (what `import()` gives: a CommonJS module is its
 * `default`), if this run loaded a bundle holding it; marked as an ES module for esbuild's interop.
 * @param {string} id
 * @returns {Record<string, unknown> | undefined}
 */
export function vendored(id) {
  const entry = registry.get(id);
  if (typeof entry !== 'function') return entry;
  const exports = entry();
  // The bundle could not be evaluated: the caller loads `id` natively.
  if (exports === undefined) return undefined;
  const namespace = exports.__esModule ? { ...exports } : { __esModule: true, default: exports, ...exports };
  registry.set(id, namespace);
  return namespace;
}

/**
 * Records the dependencies a loader imports (the next bundle holds them, if all are bundlable).
 * @param {readonly string[]} ids
 */
export function noteImports(ids) {
  for (const id of ids) if (!isNative(id)) imported.add(id);
}

/**
 * Registers the bundle the last run left in `dir`, if its key still holds: its ids now, its code on the
 * first use of one (compiled with its code cache, ~35 ms), so that a start answered from the last
 * session's first view (the preview's snapshot) listens without waiting for it. Returns what happened,
 * for the preview's trace.
 * @param {string} dir
 * @param {(what: string) => void} [onEvaluated] what became of the bundle once first used (the preview's trace)
 * @returns {string}
 */
export function loadVendor(dir, onEvaluated) {
  const at = files(dir);
  try {
    const code = readFileSync(at.code, 'utf8');
    const meta = JSON.parse(code.slice(HEADER.length, code.indexOf('\n')));
    if (meta.key !== keyOf(meta.ids)) return 'stale';
    /** @type {Record<string, () => Record<string, unknown>> | undefined} */
    let modules;
    let failed = false;
    /** The bundle's functions, or undefined when it cannot be evaluated (then every dependency loads natively). */
    const evaluate = () => {
      if (modules || failed) return modules;
      try {
        let cachedData;
        try {
          cachedData = readFileSync(at.cache);
        } catch {}
        const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${code}\n})`, {
          filename: at.code,
          cachedData,
          importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
        });
        const module = { exports: {} };
        script.runInThisContext()(module.exports, require, module, at.code, dir);
        loaded = { key: meta.key, script, cacheAccepted: cachedData !== undefined && !script.cachedDataRejected };
        modules = module.exports;
        onEvaluated?.('evaluated');
      } catch (error) {
        // Nothing was taken from it yet (it is evaluated on the first ask): the loaders go native, and the
        // idle refresh bundles anew.
        failed = true;
        registry.clear();
        registered = undefined;
        onEvaluated?.(`unusable, loaded natively (${/** @type {Error} */ (error)?.message ?? error})`);
      }
      return modules;
    };
    // Each dependency runs when a loader first asks for it, as a native import would.
    /** @type {string[]} */ (meta.ids).forEach((id, i) => {
      registry.set(id, () => evaluate()?.[`d${i}`]?.());
    });
    registered = meta.key;
    return 'registered';
  } catch (error) {
    registry.clear();
    const e = /** @type {{ code?: string, message?: string }} */ (error);
    return e?.code === 'ENOENT' ? 'none' : `unusable (${e?.message ?? error})`;
  }
}

/**
 * @param {string} file
 * @param {string | Uint8Array} data
 */
const writeAtomic = (file, data) => {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
};

/**
 * Brings `dir` up to date with what this run imported: a new bundle when the set or a version
 * changed (its code cache is written by the run that first uses it), else the code cache of the
 * loaded bundle with every function that ran so far. Once per run; resolves with what it did.
 * @param {string} dir
 * @returns {Promise<string>}
 */
export function refreshVendor(dir) {
  refreshing ??= (async () => {
    const at = files(dir);
    const ids = [...imported].sort();
    if (ids.length === 0) return 'nothing imported';
    const outside = ids.filter((id) => !isBundlable(id));
    if (outside.length) {
      for (const file of Object.values(at)) rmSync(file, { force: true });
      return `not bundled: the code imports ${outside.join(', ')}`;
    }
    const key = keyOf(ids);
    mkdirSync(dir, { recursive: true });
    if (loaded?.key === key) {
      if (loaded.cacheAccepted) return 'up to date';
      writeAtomic(at.cache, loaded.script.createCachedData());
      return 'code cache written';
    }
    // Registered but none of it used by this run (its imports were all native): nothing to rebuild.
    if (registered === key) return 'up to date (not evaluated)';
    const esbuild = await import('esbuild');
    const result = await esbuild.build({
      stdin: {
        // `require` in a function: esbuild wraps each module so that it runs on the first call. The file is
        // the one `import` resolves to (a package's ES build, not the CommonJS one `require` would pick).
        contents: ids
          .map((id, i) => `exports.d${i} = () => require(${JSON.stringify(fileURLToPath(import.meta.resolve(id)))});`)
          .join('\n'),
        resolveDir: TOOLKIT,
        sourcefile: 'authmail-vendor.cjs',
        loader: 'js',
      },
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      // React Email's optional `pretty` formatter: imported when used, natively.
      external: ['prettier', 'prettier/*'],
      define: { 'process.env.NODE_ENV': JSON.stringify(REACT_BUILD) },
      logLevel: 'silent',
      // Without comments or indentation: V8 keeps the source for as long as its functions live, at two bytes a
      // character once a comment holds one above U+00FF (6 MB instead of 2.3 MB), and parses it ~15% faster. The
      // cost: a stack frame inside a dependency names a column of a long line of this bundle (it has no source
      // map either way).
      minifyWhitespace: true,
    });
    rmSync(at.cache, { force: true });
    const [out] = result.outputFiles ?? [];
    if (!out) throw new Error('esbuild produced no output');
    writeAtomic(at.code, `${HEADER}${JSON.stringify({ key, ids })}\n${out.text}`);
    return `bundled ${ids.length} imports`;
  })().catch((error) => `failed: ${/** @type {Error} */ (error)?.message ?? error}`);
  return refreshing;
}
