/**
 * The project as the preview sees it: the build and runtime code (reloaded
 * when a template, a component, the config or any source changes), the
 * translations (reloaded when a locale file changes), and compiled emails,
 * cached per generation. Every render goes through `engine.compile` (the
 * build) and `bundle.render` (the runtime).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { findConfigFile } from '../config/files.ts';
import type { Config } from '../config/index.ts';
import type { AssetsSection } from '../core/assets.ts';
import { localeName } from '../locale/name.ts';
import { type Catalog, excludeBroken, problemLine, type TemplateProblem, templatesModule } from '../project/catalog.ts';
import { templateIdOf } from '../project/discover.ts';
import { createTsLoader, type TsLoader } from '../project/load-ts.mjs';
import type { Translations } from '../render/translations.ts';
import { stressValues } from '../variables/stress.ts';
import { PREVIEW_CACHE } from './cache-dir.mjs';
import type * as EngineModule from './engine.ts';
import type { Compiled } from './engine.ts';
import type {
  BrandInfo,
  LocaleInfo,
  Meta,
  PreviewError,
  RenderedPreview,
  RenderRequest,
  TemplateInfo,
} from './protocol.ts';
import { configuredTransport } from './send-test.ts';
import { readSnapshot, renderKey, type Snapshot, snapshotInputs, writeSnapshot } from './snapshot.ts';

type Engine = typeof EngineModule;

/** The codes of authmail's typed errors (`src/core/errors.ts`), reported as they are. */
const AUTHMAIL_CODES = new Set([
  'UNKNOWN_TEMPLATE',
  'UNKNOWN_LOCALE',
  'MISSING_VARIABLE',
  'INVALID_VARIABLE',
  'MISSING_TRANSLATION',
  'INVALID_LOCALE_FILE',
  'INVALID_BUNDLE',
  'INVALID_CONFIG',
  // The preview's own: the code does not compile (kept while it is unfixed); a request lacks a field.
  'BUILD_ERROR',
  'BAD_REQUEST',
]);

/** A thrown value as the API reports it; authmail errors keep their code and variable. */
export function toPreviewError(error: unknown, fallbackCode = 'RENDER_ERROR'): PreviewError {
  if (error && typeof error === 'object' && 'errors' in error && Array.isArray(error.errors) && error.errors.length) {
    // esbuild: a syntax or resolution error, with file:line:column.
    const lines = (error.errors as { text: string; location?: { file: string; line: number; column: number } }[]).map(
      (e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text),
    );
    return { code: 'BUILD_ERROR', message: lines.join('\n') };
  }
  const e = error as { code?: unknown; message?: unknown; variable?: unknown; problem?: unknown; stack?: unknown };
  const authmail = typeof e?.code === 'string' && AUTHMAIL_CODES.has(e.code);
  return {
    code: authmail ? (e.code as string) : fallbackCode,
    message: typeof e?.message === 'string' ? e.message : String(error),
    variable: typeof e?.variable === 'string' ? e.variable : undefined,
    problem: typeof e?.problem === 'string' ? e.problem : undefined,
    // Bundled project files are named `project:<path>` in stack traces.
    stack: authmail || typeof e?.stack !== 'string' ? undefined : e.stack.replaceAll('project:', ''),
  };
}

export interface Workspace {
  readonly root: string;
  readonly generation: number;
  /** The last reload's error (a syntax error in a template…), until a reload succeeds. */
  readonly error: PreviewError | null;
  /** Project files the code depends on (absolute). */
  readonly files: ReadonlySet<string>;
  /** Whether the code has begun loading (a start answered from the last session's first view waits). */
  readonly loading: boolean;
  ready(): Promise<void>;
  config(): Promise<Config>;
  meta(): Promise<Meta>;
  compile(template: string, locale: string, brand: string | undefined): Promise<Compiled>;
  brandOf(brand: string | undefined): Promise<{ name: string; address: string }>;
  /** The template's sample values (what a render request without variables gets). */
  sample(template: string): Promise<unknown>;
  /** Reloads the code (`code`) and/or the translations (`locales`); `files`: the absolute paths that changed. */
  reload(what: {
    code: boolean;
    locales: boolean;
    files?: readonly string[];
  }): Promise<{ ms: number; error: PreviewError | null }>;
  /** Gets the code reloader ready (esbuild started), for a start that reused the cached bundle. */
  warmReloads(): Promise<void>;
  /**
   * While the code has not loaded: the last session's render of this sample view (no variables) when the
   * snapshot holds it and every input is unchanged (snapshot.ts). Its frame and logos, once served, start
   * the load (`deferLoad`).
   */
  early(request: RenderRequest): RenderedPreview | undefined;
  /**
   * A request of the first view's email answered from the snapshot (its frame, a logo): the code loads once
   * they pause (`FIRST_VIEW_PAUSE_MS`), when a request needs it, or 1.5 s after the start.
   */
  deferLoad(): void;
  /** While the code has not loaded: the last session's meta (snapshot.ts), with this start's generation. */
  earlyMeta(): Meta | undefined;
  /** `config.assets`: the snapshot's while the code has not loaded, so that the first email's logos show. */
  assets(): Promise<AssetsSection | undefined>;
  /** The last session's first view, once anything was answered from it (to check it against the code). */
  servedSnapshot(): Snapshot | undefined;
  /** Keeps the first view (the meta and these sample renders) for the next start; false when it may be stale. */
  keepFirstView(renders: Record<string, RenderedPreview>): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The export of the project's config file: JSON read, a module bundled and evaluated like the
 * templates (its bundle kept on disk like theirs, so a start needs no esbuild build for it).
 */
async function configLoader(
  file: string,
  cacheFile: string,
): Promise<{ cacheKey: string; load(): Promise<{ raw: unknown; files: string[] }>; dispose(): Promise<void> }> {
  if (file.endsWith('.json')) {
    return {
      cacheKey: `json:${file}`,
      load: async () => ({ raw: JSON.parse(readFileSync(file, 'utf8')), files: [file] }),
      dispose: async () => {},
    };
  }
  const loader = await createTsLoader<{ default?: unknown }>(file, { cacheFile });
  return {
    cacheKey: loader.cacheKey,
    async load() {
      const loaded = await loader.load();
      return { raw: loaded.exports.default, files: loaded.files };
    },
    dispose: () => loader.dispose(),
  };
}

/**
 * How long the first view's email requests (its frame, its logos) must pause before the code loads: a
 * frame's logos follow its document by 30–60 ms on a busy machine.
 */
const FIRST_VIEW_PAUSE_MS = 150;

/** The first view the next start shows before its code loads (snapshot.ts), one per project. */
const snapshotFile = (root: string) =>
  join(PREVIEW_CACHE, `first-view-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.json`);

export async function createWorkspace(
  root: string,
  options: { trace?: ((what: string) => void) | undefined } = {},
): Promise<Workspace> {
  const entry = fileURLToPath(new URL('./engine.ts', import.meta.url));
  const configFile = findConfigFile(root);
  const configCode = await configLoader(configFile, join(PREVIEW_CACHE, 'config-bundle.json'));
  // The bundle of the last load is kept on disk; a start with no file changed since reuses it.
  const cacheFile = join(PREVIEW_CACHE, 'engine-bundle.json');
  // The project's template files, listed afresh at each build: adding a file adds a template. A file that
  // does not compile is left out (`excluded`) and shown as a problem; the others still preview.
  const excluded = new Set<string>();
  let known: TemplateProblem[] = [];
  const loader: TsLoader<Engine> = await createTsLoader<Engine>(entry, {
    cacheFile,
    // A save evaluates again the saved module and those importing it, not the whole build.
    modules: true,
    virtual: { 'authmail:templates': () => templatesModule(root, excluded) },
  });
  const loadEngine = async (changed?: readonly string[]) => {
    excluded.clear();
    known = [];
    try {
      return await loader.load(changed);
    } catch (error) {
      if (!(error as { errors?: unknown }).errors) throw error;
      known = await excludeBroken(root, excluded);
      // Not a template's fault (the toolkit's or a shared module every template imports): the error stands.
      if (!excluded.size) throw error;
      const loaded = await loader.load();
      // Fixing an excluded file reloads: it is watched like the files the bundle holds.
      return { ...loaded, files: [...loaded.files, ...excluded] };
    }
  };
  let engine: Engine | undefined;
  let catalog: Catalog | undefined;
  let translations: Translations | undefined;
  let config: Config | undefined;
  let files = new Set<string>();
  let generation = 0;
  let error: PreviewError | null = null;
  const cache = new Map<string, Promise<Compiled>>();
  const CACHE_MAX = 64;

  // The config's module is bundled again only when one of its own files changed (or on the first load).
  let configModule: { raw: unknown; files: string[] } | undefined;
  // Likewise the engine: a save of the config alone (a brand colour) keeps the engine loaded.
  let engineModule: { exports: Engine; files: string[] } | undefined;
  const loadCode = async (changed?: readonly string[]) => {
    const reloadConfig = !configModule || !changed || changed.some((f) => configModule?.files.includes(f));
    const engineChanged = changed?.filter((f) => !configModule?.files.includes(f) || engineModule?.files.includes(f));
    // Forgotten until loaded again: a load that fails leaves none to keep.
    if (engineChanged?.length !== 0) engineModule = undefined;
    const [loaded, configNow] = await Promise.all([
      engineModule ?? loadEngine(engineChanged),
      reloadConfig ? configCode.load() : (configModule as { raw: unknown; files: string[] }),
    ]);
    configModule = configNow;
    engineModule = loaded;
    engine = loaded.exports;
    files = new Set([...loaded.files, ...configNow.files]);
    config = engine.loadProjectConfig(configNow.raw, configFile, root);
    catalog = await engine.loadCatalog(root, known);
  };

  // The last session's first view, when nothing it came from changed: the page's first requests are
  // answered from it, and the code loads once its email is shown (or when anything else needs the code).
  const snapshotKey = JSON.stringify({
    root,
    engine: loader.cacheKey,
    config: configCode.cacheKey,
    node: process.version,
    react: process.env.NODE_ENV === 'development' ? 'development' : 'production',
  });
  const kept = readSnapshot(snapshotFile(root), snapshotKey);
  let snapshot = 'snapshot' in kept ? kept.snapshot : undefined;
  /** Set once the page was answered from the snapshot. */
  let served: Snapshot | undefined;
  options.trace?.(
    snapshot ? 'first view: from the last session' : `first view: not kept (${'unused' in kept ? kept.unused : ''})`,
  );
  let startLoad: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => {
    startLoad = resolve;
  });
  if (snapshot) setTimeout(startLoad, 1_500).unref();
  else startLoad();
  let quiet: NodeJS.Timeout | undefined;
  // Its load keeps the event loop busy for ~150 ms: it waits until the first view's requests pause.
  const deferLoad = () => {
    if (!snapshot) return;
    clearTimeout(quiet);
    quiet = setTimeout(startLoad, FIRST_VIEW_PAUSE_MS).unref();
  };
  let loadStarted = Date.now();
  let firstLoadDone = false;
  let loading = false;
  let filesReloaded = false;
  let closed = false;

  // Serializes loads and reloads; renders wait for the one in progress.
  let pending: Promise<unknown> = (async () => {
    try {
      await gate;
      // Closed before its first view was even shown: nothing to load.
      if (closed) return;
      loading = true;
      // After the server listens: the page's own files are served while the code loads.
      await new Promise((resolve) => setImmediate(resolve));
      loadStarted = Date.now();
      await loadCode();
      translations = (engine as Engine).loadTranslations(root, config as Config);
    } catch (e) {
      error = toPreviewError(e, 'BUILD_ERROR');
    }
    snapshot = undefined;
    firstLoadDone = true;
  })();

  const current = async () => {
    startLoad();
    await pending;
    if (error) throw Object.assign(new Error(error.message), error);
    return {
      engine: engine as Engine,
      translations: translations as Translations,
      config: config as Config,
      catalog: catalog as Catalog,
    };
  };

  const workspace: Workspace = {
    root,
    get generation() {
      return generation;
    },
    get error() {
      return error;
    },
    get files() {
      return files;
    },
    get loading() {
      return loading;
    },
    async ready() {
      await pending;
    },
    async config() {
      return (await current()).config;
    },
    earlyMeta() {
      if (!snapshot) return undefined;
      served = snapshot;
      // The generation is this start's, whatever the last session's had reached.
      return { ...snapshot.meta, generation };
    },
    async meta() {
      const early = workspace.earlyMeta();
      if (early) return early;
      const { engine: e, config: c, translations: t, catalog: k } = await current();
      const templates: TemplateInfo[] = k.ids.map((id) => {
        const { definition, fields } = k.get(id);
        return {
          id,
          logtoType: definition.logtoType,
          when: definition.when,
          variables: fields,
          sample: definition.sample as Record<string, unknown>,
          stress: stressValues(fields, definition.sample as Record<string, unknown>),
        };
      });
      const locales: LocaleInfo[] = t.locales.map((tag) => ({ tag, name: localeName(tag), dir: e.directionOf(tag) }));
      const brands: BrandInfo[] = [
        {
          id: '',
          label: `${c.brand.senderName} (config brand)`,
          senderName: c.brand.senderName,
          fromAddress: c.brand.fromAddress,
        },
        ...Object.keys(c.brandPresets).map((name) => {
          const b = e.brandFor(c, name);
          return { id: name, label: `${name} (preset)`, senderName: b.senderName, fromAddress: b.fromAddress };
        }),
      ];
      return {
        templates,
        problems: k.problems.map((p) => ({ ...p, template: templateIdOf(root, resolve(root, p.file)) })),
        locales,
        brands,
        transport: configuredTransport(c),
        generation,
      };
    },
    async compile(template, locale, brand) {
      const key = `${generation}\u0000${brand ?? ''}\u0000${template}\u0000${locale}`;
      let hit = cache.get(key);
      if (!hit) {
        const gen = generation;
        hit = current().then(({ engine: e, translations: t, config: c, catalog: k }) => {
          // A template whose file is broken is shown as its problem (file, line, cause), not as unknown.
          const problem = k.has(template)
            ? undefined
            : k.problems.find((p) => templateIdOf(root, resolve(root, p.file)) === template);
          if (problem) throw Object.assign(new Error(problemLine(problem)), { code: 'BUILD_ERROR' });
          return e.compile(k, template, locale, e.brandFor(c, brand || undefined), t, e.buildAssets(c.assets, root));
        });
        // A failed compile is not kept: the next request tries again.
        hit.catch(() => {
          if (generation === gen) cache.delete(key);
        });
        if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value as string);
        cache.set(key, hit);
      }
      return hit;
    },
    async sample(template) {
      return (await current()).catalog.get(template).definition.sample;
    },
    async brandOf(brand) {
      const { engine: e, config: c } = await current();
      const b = e.brandFor(c, brand || undefined);
      return { name: b.senderName, address: b.fromAddress };
    },
    warmReloads: () => loader.warm(),
    early(request) {
      const hit = request.variables === undefined ? snapshot?.renders[renderKey(request)] : undefined;
      // The code loads once its email's frame and logos are served (deferLoad), or 1.5 s after the start.
      if (hit) {
        served = snapshot;
        options.trace?.(`first view: ${request.template}/${request.locale} from the last session`);
      }
      return hit;
    },
    deferLoad,
    servedSnapshot: () => served,
    async assets() {
      if (snapshot) return snapshot.assets;
      return (await current()).config.assets;
    },
    async keepFirstView(renders) {
      // Not before the code loaded (a server closed during its start does not wait for it).
      if (!firstLoadDone) return false;
      await pending;
      // The code and translations as they loaded: no file reloaded since (a reload with nothing to load only
      // makes the page render again).
      if (error || filesReloaded || !config) return false;
      const meta = await workspace.meta();
      return writeSnapshot(
        snapshotFile(root),
        {
          key: snapshotKey,
          meta,
          assets: config.assets,
          renders,
        },
        snapshotInputs(root, files),
        loadStarted,
      );
    },
    reload(what) {
      const run = async () => {
        const started = performance.now();
        try {
          if (what.code || !engine) await loadCode(what.files);
          if (what.locales || !translations) translations = (engine as Engine).loadTranslations(root, config as Config);
          error = null;
        } catch (e) {
          error = toPreviewError(e, 'BUILD_ERROR');
        }
        if (what.code || what.locales) filesReloaded = true;
        generation++;
        cache.clear();
        return { ms: performance.now() - started, error };
      };
      const next = pending.then(run, run);
      pending = next;
      return next;
    },
    async close() {
      closed = true;
      startLoad();
      await pending.catch(() => undefined);
      await Promise.all([loader.dispose(), configCode.dispose()]);
    },
  };
  return workspace;
}
