// @ts-check
/**
 * Loads a TypeScript module graph without tsx: esbuild (the compiler tsx
 * uses, so the preview runs the code the build runs) bundles the project's
 * files in memory, the bundle is evaluated as a function, and dependencies in
 * node_modules are imported natively, once. Loading again after a file
 * changed re-evaluates the project's code only, in a few milliseconds, and
 * the old instance is garbage collected (an ESM `import()` with a
 * cache-busting query would keep every version alive).
 *
 * Plain JavaScript (type-checked from its JSDoc: tsconfig.mjs.json) so that
 * `authmail dev` can start without tsx, whose loader hooks triple the cost of
 * every import. The bundle cache is bundle-cache.mjs, React Email's slim
 * index react-email-slim.mjs, the pre-bundled dependencies vendor.mjs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, isAbsolute, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cacheKeyOf, fromResult, readCache, writeCache } from './bundle-cache.mjs';
import { createModuleGraph, fileModuleId, MODULE, parseModuleId } from './module-graph.mjs';
import { needsFullIndex, slimReactEmail } from './react-email-slim.mjs';
import { isBundlable, isVendored, noteImports, vendored } from './vendor.mjs';

const require = createRequire(import.meta.url);

/** Marks the resolution the plugin asks esbuild for, so that it does not answer itself. */
const RESOLVING = Symbol('authmail-resolving');

const LOADERS = /** @type {Record<string, import('esbuild').Loader>} */ ({
  '.ts': 'ts',
  '.tsx': 'tsx',
  '.mts': 'ts',
  '.js': 'js',
  '.jsx': 'jsx',
  '.mjs': 'js',
  '.json': 'json',
});

/**
 * Project files are loaded in a namespace of their own: esbuild then treats
 * them as plain ES modules (not Node-mode), so `import x from 'dep'` reads the
 * dependency's real default export, and `import.meta.url` keeps each file's
 * own URL.
 */
/**
 * With `single`, one module is compiled alone (module-graph.mjs): its imports of other modules (project
 * files, virtual modules, React Email's slim index) are left as requires of their ids.
 * @param {Record<string, string>} replace
 * @param {Record<string, () => string>} virtual
 * @param {boolean} single
 * @returns {import('esbuild').Plugin}
 */
const projectPlugin = (replace = {}, virtual = {}, single = false) => ({
  name: 'authmail-project',
  setup(build) {
    /** @param {{ path: string, namespace: string }} found */
    const link = (found) => (single ? { path: `${MODULE}${found.namespace}:${found.path}`, external: true } : found);
    // The module a single-module build compiles, named by its id.
    build.onResolve({ filter: new RegExp(`^${MODULE}`) }, (args) =>
      args.kind === 'entry-point' ? parseModuleId(args.path) : undefined,
    );
    // Modules generated at each build (the project's template list): `import x from 'authmail:templates'`.
    build.onResolve({ filter: /^authmail:/ }, (args) =>
      virtual[args.path] ? link({ path: args.path, namespace: 'authmail-virtual' }) : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'authmail-virtual' }, (args) => ({
      contents: /** @type {() => string} */ (virtual[args.path])(),
      loader: 'js',
      resolveDir: '/',
    }));
    // React Email 6 is `react-email`; templates written for 5 import `@react-email/components`, the same components.
    build.onResolve({ filter: /^(react-email|@react-email\/components)$/ }, (args) => {
      if (needsFullIndex(readFileSync(args.importer, 'utf8'))) return { path: 'react-email', external: true };
      return link({ path: 'react-email-slim', namespace: 'authmail-slim' });
    });
    build.onLoad({ filter: /.*/, namespace: 'authmail-slim' }, () => ({
      contents: slimReactEmail().source,
      loader: 'js',
    }));
    // The public authoring paths, from the toolkit that runs (a project's templates import them).
    build.onResolve({ filter: /^authmail\/(email|config)$/ }, (args) =>
      link({
        path: fileURLToPath(new URL(`../${args.path.slice('authmail/'.length)}/index.ts`, import.meta.url)),
        namespace: 'project',
      }),
    );
    // Relative and absolute imports resolve as esbuild (and React Email) resolve them: without an
    // extension, to a folder's index, through the project's tsconfig `paths`.
    build.onResolve({ filter: /^(\.|\/)/ }, async (args) => {
      if (args.namespace === 'authmail-slim' || args.pluginData === RESOLVING) return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      if (found.errors.length) return { errors: found.errors };
      const path = found.path || resolve(args.resolveDir, args.path);
      // Plain JavaScript modules of the project (this loader) run natively, shared.
      if (path.endsWith('.mjs')) return { path: pathToFileURL(path).href, external: true };
      return link({ path, namespace: 'project' });
    });
    // A bare import the project's tsconfig maps (`@/components/x`) is the project's own code.
    build.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === RESOLVING || args.namespace === 'authmail-slim' || !args.importer) return undefined;
      if (args.namespace !== 'project') return undefined;
      const found = await build.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: RESOLVING,
      });
      // Builtins (`node:fs`) and packages stay external: only a file of the project's own is bundled.
      if (
        found.errors.length ||
        found.external ||
        !isAbsolute(found.path) ||
        found.path.includes(`${sep}node_modules${sep}`)
      )
        return undefined;
      return link({ path: found.path, namespace: 'project' });
    });
    // Dependencies load natively; a resolution the plugin itself asked for is esbuild's own.
    build.onResolve({ filter: /.*/ }, (args) =>
      args.pluginData === RESOLVING ? undefined : { path: args.path, external: true },
    );
    build.onLoad({ filter: /.*/, namespace: 'project' }, (args) => {
      const loader = LOADERS[extname(args.path)];
      if (!loader) throw new Error(`authmail preview cannot load ${args.path}`);
      let contents = replace[args.path] ?? readFileSync(args.path, 'utf8');
      contents = contents.replace(/\bimport\.meta\.url\b/g, JSON.stringify(pathToFileURL(args.path).href));
      return { contents, loader, resolveDir: dirname(args.path), watchFiles: [args.path] };
    });
  },
});

/** @type {Map<string, boolean>} */
const commonJs = new Map();

/**
 * Whether `require(id)` loads the dependency as CommonJS (the same instance its ES importers get).
 * @param {string} id
 */
function isCommonJs(id) {
  let hit = commonJs.get(id);
  if (hit === undefined) {
    try {
      const file = require.resolve(id);
      hit = file.endsWith('.cjs') || (file.endsWith('.js') && !isEsmPackage(file));
    } catch {
      hit = false;
    }
    commonJs.set(id, hit);
  }
  return hit;
}

/**
 * The `type` of the package.json nearest to `file`.
 * @param {string} file
 */
function isEsmPackage(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')).type === 'module';
    } catch {}
  }
  return false;
}

const MAP_COMMENT = '//# sourceMappingURL=data:application/json;base64,';

/**
 * `new Function` puts two lines (`function anonymous(…` and `) {`) before the
 * code; the inline source map's generated lines move down by as many, so
 * stack traces name the right line of the template.
 * @param {string} code
 */
function shiftSourceMap(code) {
  const at = code.lastIndexOf(MAP_COMMENT);
  if (at === -1) return code;
  const map = JSON.parse(Buffer.from(code.slice(at + MAP_COMMENT.length).trim(), 'base64').toString('utf8'));
  map.mappings = `;;${map.mappings}`;
  return `${code.slice(0, at)}${MAP_COMMENT}${Buffer.from(JSON.stringify(map)).toString('base64')}`;
}

/**
 * @typedef {import('./load-ts.d.mts').TsLoaderOptions} TsLoaderOptions
 * @typedef {import('esbuild').BuildContext<{ write: false, metafile: true }>} Context
 */

/**
 * An esbuild context for `entry` (incremental: each `rebuild()` redoes only what changed).
 * @param {string} entry
 * @param {TsLoaderOptions} options
 * @returns {Promise<Context>}
 */
function createContext(entry, options) {
  return import('esbuild').then((esbuild) =>
    esbuild.context({
      ...bundleOptions(entry, options),
      entryPoints: [{ in: entry, out: 'bundle' }],
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
    }),
  );
}

/**
 * How the loader and the probe bundle an entry alike: one CommonJS file for Node 20, JSX, the project's
 * plugin, in memory.
 * @param {string} entry
 * @param {TsLoaderOptions} options
 * @param {boolean} [single] one module alone (module-graph.mjs)
 * @returns {import('esbuild').BuildOptions}
 */
function bundleOptions(entry, options, single = false) {
  return {
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    jsx: 'automatic',
    logLevel: 'silent',
    outdir: dirname(entry),
    plugins: [projectPlugin(options.replace, options.virtual, single)],
  };
}

/**
 * Whether `entry` bundles, as `createTsLoader` would bundle it: esbuild's errors (each with its file,
 * line and text), none when it builds. Used to find which templates a failed build cannot take.
 * @param {string} entry
 * @param {TsLoaderOptions} [options]
 * @returns {Promise<import('esbuild').Message[]>}
 */
export async function probeBuild(entry, options = {}) {
  const esbuild = await import('esbuild');
  try {
    await esbuild.build({ ...bundleOptions(entry, options), entryPoints: [entry] });
    return [];
  } catch (error) {
    return /** @type {{ errors?: import('esbuild').Message[] }} */ (error).errors ?? [];
  }
}

/**
 * Runs compiled CommonJS code as a function (the bundle, or one module of the graph).
 * @param {string} code with its source map shifted (`shiftSourceMap`) and a `sourceURL`
 * @param {string} filename
 * @param {{ exports: any }} module
 * @param {(id: string) => unknown} require
 * @param {(id: string) => Promise<unknown>} [importModule] a module's `import()` of another module
 */
function runCode(code, filename, module, require, importModule) {
  const run = new Function('exports', 'require', 'module', '__filename', '__dirname', '__import', code);
  run(module.exports, require, module, filename, dirname(filename), importModule);
}

/**
 * A loader for one entry: `load()` bundles and evaluates it, again after
 * each change. Returns the module's exports and the project files it read.
 * With `cacheFile`, the first `load()` reuses the bundle written there by an
 * earlier start when none of its input files changed (esbuild is not started
 * for it at all). With `modules`, `load(changed)` after `warm()` compiles
 * and evaluates again only the changed files and the modules importing them
 * (module-graph.mjs); a file it does not hold, a deleted file or any failure
 * takes the whole bundle path, which reports the error as esbuild words it.
 * @param {string} entry
 * @param {TsLoaderOptions} [options]
 * @returns {Promise<import('./load-ts.d.mts').TsLoader<any>>}
 */
export async function createTsLoader(entry, options = {}) {
  /** @type {Promise<Context> | undefined} */
  let built;
  const context = () => {
    built ??= createContext(entry, options);
    return built;
  };
  const { cacheFile } = options;
  const cacheKey = cacheKeyOf(entry, options);
  let cache = cacheFile ? readCache(cacheFile, cacheKey) : undefined;
  /** @type {Map<string, unknown>} */
  const nativeDeps = new Map();
  // Stack traces of the project's code point at its files, not the bundle.
  process.setSourceMapsEnabled?.(true);
  /** @param {string} id */
  const requireDep = (id) => nativeDeps.get(id) ?? vendored(id) ?? require(id);

  /**
   * Dependencies are imported before the code runs, in parallel. With `lazyCommonJs`, CommonJS ones are
   * required when first used instead, so a dependency of a rarely taken path (nodemailer for a test send)
   * costs nothing at start. The preview's pre-bundled dependencies (vendor.mjs) come first, so that every
   * loader shares their one instance.
   * @param {string[]} imports
   */
  const importDeps = async (imports) => {
    const needed = imports.filter(
      (id) => !nativeDeps.has(id) && !id.startsWith('node:') && !(options.lazyCommonJs && isCommonJs(id)),
    );
    noteImports(needed);
    // A CommonJS dependency required on first use joins the pre-bundled set too when it may: the server's
    // own (htmlparser2, for the inbox line) is required with the first email it renders.
    if (options.lazyCommonJs) noteImports(imports.filter((id) => isCommonJs(id) && isBundlable(id)));
    await Promise.all(
      needed
        .filter((id) => !isVendored(id))
        .map(async (id) => {
          // esbuild's interop reads `default` from an object marked as an ES module.
          nativeDeps.set(id, { __esModule: true, ...(await import(id)) });
        }),
    );
    // A bundled dependency runs synchronously: one at a time, letting requests in between; with
    // `lazyCommonJs`, on first use instead.
    if (!options.lazyCommonJs) {
      for (const id of needed.filter(isVendored)) {
        // A bundle that cannot be evaluated gives nothing: the dependency loads natively.
        nativeDeps.set(id, vendored(id) ?? { __esModule: true, ...(await import(id)) });
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };

  /* ---------- module-level reloads ---------- */
  /** Each module's URL, by id (see compileModule). */
  /** @type {Map<string, string>} */
  const moduleUrls = new Map();
  /**
   * One module compiled alone, its source map shifted for `runCode` and named by a URL of its own.
   * @param {string} id
   * @returns {Promise<import('./module-graph.mjs').CompiledModule>}
   */
  const compileModule = async (id) => {
    const esbuild = await import('esbuild');
    const { namespace, path } = parseModuleId(id);
    const source = namespace === 'authmail-virtual' ? (options.virtual?.[path]?.() ?? '') : '';
    const result = await esbuild.build({
      ...bundleOptions(entry, options, true),
      entryPoints: [{ in: id, out: 'module' }],
      sourcemap: 'inline',
      sourcesContent: false,
      metafile: true,
    });
    const out = result.outputFiles?.[0];
    const imports = Object.values(result.metafile.outputs)[0]?.imports ?? [];
    if (!out) throw new Error(`esbuild produced no output for ${id}`);
    // One URL per module, kept when it is compiled again: Node keeps the source map of every URL it saw for the
    // life of the process (a new URL per compile grew the heap by ~5 KB a save), and a module compiled again
    // replaces its map under the same URL.
    let url = moduleUrls.get(id);
    if (!url) {
      url = pathToFileURL(resolve(dirname(entry), `module-${moduleUrls.size + 1}.js`)).href;
      moduleUrls.set(id, url);
    }
    return {
      // A module's `import()` of another module goes to the graph (esbuild leaves it as `import()`).
      code: `${shiftSourceMap(out.text).replace(/\bimport\((?=["']authmail-module:)/g, '__import(')}\n//# sourceURL=${url}`,
      deps: [...new Set(imports.filter((i) => i.path.startsWith(MODULE)).map((i) => i.path))],
      imports: [
        ...new Set(imports.filter((i) => i.kind === 'require-call' && !i.path.startsWith(MODULE)).map((i) => i.path)),
      ],
      source,
    };
  };
  const entryId = fileModuleId(entry);
  const graph = options.modules
    ? createModuleGraph({
        entry: entryId,
        compile: compileModule,
        requireDep,
        run: (code, req, importModule, module) => {
          runCode(code, resolve(dirname(entry), 'module.js'), module, req, importModule);
        },
      })
    : undefined;
  /** The graph compiled (by `warm()`, again after each whole load): module-level reloads can start. */
  /** @type {Promise<boolean> | undefined} */
  let graphReady;
  let warmed = false;
  const buildGraph = () => {
    // One build at a time: a build started while another runs waits for it.
    const previous = graphReady ?? Promise.resolve(false);
    // Evaluated too (while idle): the first save then evaluates only what it changed, as the later ones do.
    graphReady = previous.then(async () => {
      if (!graph) return false;
      try {
        await graph.build();
        await importDeps(graph.imports());
        graph.evaluate();
        return true;
      } catch {
        return false;
      }
    });
    return graphReady;
  };
  /**
   * With the graph, the whole bundle is only for what the graph cannot take (a new file, an error): its
   * esbuild context is primed once no save has come for a while, so that it never competes with saves.
   */
  /** @type {NodeJS.Timeout | undefined} */
  let contextTimer;
  let contextPrimed = false;
  const warmContextWhenIdle = () => {
    if (contextPrimed) return;
    clearTimeout(contextTimer);
    contextTimer = setTimeout(() => {
      contextPrimed = true;
      void context()
        .then((c) => c.rebuild())
        .catch(() => undefined);
    }, 10_000);
    contextTimer.unref();
  };
  /**
   * The changed files reloaded as modules; undefined when the graph cannot take them (not compiled, a
   * file it does not hold or that is gone, an error: the whole load then runs and reports it).
   * @param {readonly string[]} changed
   */
  const loadChanged = async (changed) => {
    if (!graph || !(await graphReady)) return undefined;
    const ids = [];
    for (const file of changed) {
      if (!graph.has(fileModuleId(file)) || !existsSync(file)) return undefined;
      ids.push(fileModuleId(file));
    }
    for (const [name, source] of Object.entries(options.virtual ?? {})) {
      const id = `${MODULE}authmail-virtual:${name}`;
      if (graph.has(id) && graph.sourceOf(id) !== source()) ids.push(id);
    }
    try {
      await graph.update(ids);
      await importDeps(graph.imports());
      const exports = graph.evaluate();
      warmContextWhenIdle();
      return { exports, files: graph.files() };
    } catch {
      graphReady = undefined;
      return undefined;
    }
  };

  return {
    cacheKey,
    /** @param {readonly string[]} [changed] */
    async load(changed) {
      if (changed) {
        const loaded = await loadChanged(changed);
        if (loaded) return loaded;
      }
      let bundle = cache;
      cache = undefined;
      if (!bundle) {
        // Shifted once, as built: a cached bundle is run as it was kept.
        const built = fromResult(await (await context()).rebuild());
        bundle = { ...built, text: shiftSourceMap(built.text) };
        contextPrimed = true;
        if (cacheFile) writeCache(cacheFile, cacheKey, bundle);
      }
      await importDeps(bundle.imports);
      const module = { exports: {} };
      const filename = resolve(dirname(entry), 'bundle.js');
      runCode(`${bundle.text}\n//# sourceURL=${pathToFileURL(filename).href}`, filename, module, requireDep);
      // The graph's instances are older than this load's: compiled afresh, ready for the next change.
      if (graph && warmed) void buildGraph();
      return { exports: module.exports, files: bundle.files };
    },
    /**
     * Starts esbuild and primes its incremental state (the result is discarded), so the first whole reload is
     * fast; with `modules`, compiles and evaluates the module graph instead, and primes the context once idle.
     */
    async warm() {
      warmed = true;
      if (!graph) {
        await (await context()).rebuild();
        return;
      }
      await buildGraph();
      warmContextWhenIdle();
    },
    dispose: async () => {
      clearTimeout(contextTimer);
      if (built) await (await built).dispose();
    },
  };
}
