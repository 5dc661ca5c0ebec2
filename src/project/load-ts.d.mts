export interface LoadedModule<T> {
  exports: T;
  /** Absolute paths of the project files in the bundle. */
  files: string[];
}

export interface TsLoader<T> {
  /** What its bundle depends on besides its files (the entry, virtual modules, Node, esbuild, React Email). */
  readonly cacheKey: string;
  /**
   * Bundles and evaluates the entry (again); throws esbuild's errors with file:line. With `modules` and
   * `changed` (absolute paths) after `warm()`: only the changed modules and their importers, when it can.
   */
  load(changed?: readonly string[]): Promise<LoadedModule<T>>;
  /** Starts esbuild and primes its incremental state, so that the first reload after a cached start is fast; with `modules`, compiles and evaluates the module graph (the context is primed once no save came for 10 s). */
  warm(): Promise<void>;
  dispose(): Promise<void>;
}

export interface TsLoaderOptions {
  /** Absolute path → module source used instead of the file. */
  replace?: Record<string, string>;
  /** `authmail:<name>` → a function giving the module's source, called at each build. */
  virtual?: Record<string, () => string>;
  /** Require CommonJS dependencies on first use instead of importing every dependency before the bundle runs. */
  lazyCommonJs?: boolean;
  /** Reload changed modules alone (`load(changed)`), keeping the instances of the rest (module-graph.mjs). */
  modules?: boolean;
  /** File to keep the bundle in between starts; reused while none of its input files changed. */
  cacheFile?: string;
}

export function createTsLoader<T = Record<string, unknown>>(
  entry: string,
  options?: TsLoaderOptions,
): Promise<TsLoader<T>>;

/** esbuild's errors for `entry` bundled as the loader bundles it (none: it builds). */
export function probeBuild(entry: string, options?: TsLoaderOptions): Promise<import('esbuild').Message[]>;
