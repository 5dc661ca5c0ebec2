/** Whether a dependency id may go in the pre-bundle. */
export function isBundlable(id: string): boolean;
/** Whether this run's bundle holds `id`. */
export function isVendored(id: string): boolean;
/** The bundled namespace of `id`, if this run registered a bundle holding it and it could be evaluated. */
export function vendored(id: string): Record<string, unknown> | undefined;
/** Records the dependencies a loader imports. */
export function noteImports(ids: readonly string[]): void;
/** Registers the bundle the last run left in `dir` (evaluated on first use, then `onEvaluated`); says what happened. */
export function loadVendor(dir: string, onEvaluated?: (what: string) => void): string;
/** Brings `dir` up to date with what this run imported (once per run); resolves with what it did. */
export function refreshVendor(dir: string): Promise<string>;
