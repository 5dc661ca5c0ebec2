// @ts-check
/**
 * The loader's bundles kept on disk between starts (like Vite's cache): a
 * bundle is reused while every input file has the size and mtime it had,
 * and while nothing else it depends on (the entry, replaced and virtual
 * modules, Node, esbuild, React Email) changed.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { versionOf } from './package-version.mjs';

/**
 * What the loader keeps of a build: the code (its source map shifted for `new Function`, by load-ts.mjs),
 * the dependencies it requires, the project files it read.
 * @typedef {{ text: string, imports: string[], files: string[] }} Bundle
 */

/**
 * What a cached bundle depends on besides its input files.
 * @param {string} entry
 * @param {{ replace?: Record<string, string>, virtual?: Record<string, () => string> }} options
 */
export const cacheKeyOf = (entry, options) =>
  JSON.stringify({
    entry,
    replace: options.replace ?? {},
    virtual: Object.fromEntries(Object.entries(options.virtual ?? {}).map(([id, source]) => [id, source()])),
    node: process.version,
    esbuild: versionOf('esbuild'),
    // The slim React Email module is inlined in the bundle.
    reactEmail: versionOf('react-email'),
  });

/**
 * The parts of an esbuild result the loader needs: the code, the dependencies it requires (to import
 * them first), the project files it read (to watch them and to stamp the cache).
 * @param {import('esbuild').BuildResult<{ write: false, metafile: true }>} result
 * @returns {Bundle}
 */
export function fromResult(result) {
  const out = result.outputFiles?.[0];
  if (!out || !result.metafile) throw new Error('esbuild produced no output');
  const meta = Object.values(result.metafile.outputs)[0];
  return {
    text: out.text,
    imports: [...new Set((meta?.imports ?? []).filter((i) => i.kind === 'require-call').map((i) => i.path))],
    files: Object.keys(result.metafile.inputs)
      .filter((input) => input.startsWith('project:'))
      .map((input) => input.slice('project:'.length)),
  };
}

/**
 * A cache file is one line of JSON (key, stamps, imports, files), then the code as it is: read without
 * JSON's unescaping of ~1 MB of code (~10 ms of every start for the CLI's bundle).
 */
const FORMAT = 2;

/** @param {string} file */
const stamp = (file) => {
  const s = statSync(file);
  return `${s.size}:${s.mtimeMs}`;
};

/**
 * A cached bundle whose every input still has the size and mtime it had; else undefined.
 * @param {string} file
 * @param {string} key
 * @returns {Bundle | undefined}
 */
export function readCache(file, key) {
  try {
    const content = readFileSync(file, 'utf8');
    const eol = content.indexOf('\n');
    if (eol === -1) return undefined;
    const head = JSON.parse(content.slice(0, eol));
    if (head.format !== FORMAT || head.key !== key) return undefined;
    for (const [input, s] of Object.entries(head.stamps)) if (stamp(input) !== s) return undefined;
    return { text: content.slice(eol + 1), imports: head.imports, files: head.files };
  } catch {
    return undefined;
  }
}

/**
 * @param {string} file
 * @param {string} key
 * @param {Bundle} bundle
 */
export function writeCache(file, key, bundle) {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const stamps = Object.fromEntries(bundle.files.map((input) => [input, stamp(input)]));
    const tmp = `${file}.${process.pid}.tmp`;
    const { text, ...rest } = bundle;
    writeFileSync(tmp, `${JSON.stringify({ format: FORMAT, key, stamps, ...rest })}\n${text}`);
    renameSync(tmp, file);
  } catch {
    // A cache that cannot be written only costs the next start a rebuild.
  }
}
