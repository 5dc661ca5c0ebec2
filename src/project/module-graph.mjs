// @ts-check
/**
 * Module-level reloads for the loader (load-ts.mjs), as Vite's SSR module
 * graph does them: each module of the project is compiled alone (esbuild,
 * its imports of other modules left as requires of their ids), and kept
 * with the ids it imports. After a save only the changed files are
 * compiled again, and only they and the modules that import them, up to
 * the entry, are evaluated again; every other module keeps its instance
 * (a template saved: that template, the template list and the engine's
 * entry, not the build's 88 files).
 */
/** The prefix of a module id in compiled code: `authmail-module:<namespace>:<path>`. */
export const MODULE = 'authmail-module:';

/**
 * What compiling one module gives.
 * @typedef {{ code: string, deps: string[], imports: string[], source: string }} CompiledModule
 * @typedef {CompiledModule & { id: string, instance?: { exports: any } | undefined }} GraphModule
 */

/**
 * @param {string} id
 * @returns {{ namespace: string, path: string }}
 */
export function parseModuleId(id) {
  const rest = id.slice(MODULE.length);
  const colon = rest.indexOf(':');
  return { namespace: rest.slice(0, colon), path: rest.slice(colon + 1) };
}

/** @param {string} file an absolute path of the project's */
export const fileModuleId = (file) => `${MODULE}project:${file}`;

/**
 * @param {{
 *   entry: string,
 *   compile: (id: string) => Promise<CompiledModule>,
 *   requireDep: (id: string) => unknown,
 *   run: (code: string, require: (id: string) => unknown, importModule: (id: string) => Promise<unknown>, module: { exports: any }) => void,
 * }} options
 */
export function createModuleGraph({ entry, compile, requireDep, run }) {
  /** @type {Map<string, GraphModule>} */
  const modules = new Map();

  /**
   * Compiles `ids` (again) and every module they import that is not compiled yet.
   * @param {Iterable<string>} ids
   */
  const compileAll = async (ids) => {
    const fresh = await Promise.all(
      [...ids].map(async (id) => {
        const compiled = await compile(id);
        modules.set(id, { id, ...compiled });
        return compiled;
      }),
    );
    const missing = new Set(fresh.flatMap((m) => m.deps).filter((dep) => !modules.has(dep)));
    if (missing.size) await compileAll(missing);
  };

  /** @param {string} id */
  const requireModule = (id) => {
    if (!id.startsWith(MODULE)) return requireDep(id);
    const m = modules.get(id);
    if (!m) throw new Error(`authmail preview: ${id} was not compiled`);
    if (m.instance) return m.instance.exports;
    const module = { exports: {} };
    m.instance = module;
    try {
      run(m.code, requireModule, importModule, module);
    } catch (error) {
      // A module that threw is evaluated again next time (as Node forgets a module whose evaluation failed).
      m.instance = undefined;
      throw error;
    }
    return module.exports;
  };
  /** @param {string} id */
  const importModule = async (id) => requireModule(id);

  return {
    /** Whether `id` is a module of the graph. */
    has: (/** @type {string} */ id) => modules.has(id),
    /** The source a module was compiled from (a virtual module's, to tell whether it changed). */
    sourceOf: (/** @type {string} */ id) => modules.get(id)?.source,
    /** Compiles the whole graph afresh; no module keeps an instance. */
    async build() {
      modules.clear();
      await compileAll([entry]);
    },
    /**
     * Compiles the changed modules again and forgets the instances of every module that imports one of
     * them, directly or not: the next `evaluate()` runs those again, and only those.
     * @param {Iterable<string>} changed ids
     */
    async update(changed) {
      const ids = new Set(changed);
      await compileAll(ids);
      /** @type {Map<string, string[]>} */
      const importers = new Map();
      for (const m of modules.values()) {
        for (const dep of m.deps) importers.set(dep, [...(importers.get(dep) ?? []), m.id]);
      }
      const stale = [...ids];
      for (const id of stale) {
        const m = modules.get(id);
        if (m) m.instance = undefined;
        for (const importer of importers.get(id) ?? []) if (!stale.includes(importer)) stale.push(importer);
      }
      return stale.length;
    },
    /** Forgets every instance: the next `evaluate()` runs every module (after a load that did not use the graph). */
    reset() {
      for (const m of modules.values()) m.instance = undefined;
    },
    /** The entry's exports, evaluating what is not evaluated. */
    evaluate: () => requireModule(entry),
    /** The dependencies (not modules) the graph's code requires. */
    imports: () => [...new Set([...modules.values()].flatMap((m) => m.imports))],
    /** The project files of the graph. */
    files: () =>
      [...modules.keys()]
        .map(parseModuleId)
        .filter((m) => m.namespace === 'project')
        .map((m) => m.path),
  };
}
