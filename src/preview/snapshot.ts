/**
 * The first view of the last session, kept on disk like the bundles: the
 * meta and the sample renders the page asked for, stamped with every input
 * they came from (the code's files, every locale file and folder, the
 * template folder, the project's root). A start whose inputs all have the
 * size and mtime they had answers the page's first requests from it while
 * the code loads, so the first email shows before the engine has run; any
 * change, however small, and the start renders as it always did.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AssetsSection } from '../core/assets.ts';
import type { Meta, RenderedPreview, RenderRequest, RenderResponse } from './protocol.ts';

export interface Snapshot {
  /** What the snapshot depends on besides its files: the project, the loaders' cache keys, Node, React's build. */
  key: string;
  stamps: Record<string, string>;
  meta: Meta;
  /** `config.assets`: the logos the first email shows are served before the config is loaded. */
  assets: AssetsSection | undefined;
  /** Sample renders (no variables), by `renderKey`. */
  renders: Record<string, RenderedPreview>;
}

/** The renders a snapshot keeps: the views a page opens on. */
export const SNAPSHOT_RENDERS = 8;

export const renderKey = (r: Pick<RenderRequest, 'template' | 'locale' | 'brand'>) =>
  JSON.stringify([r.template, r.locale, r.brand ?? '']);

function stampOf(path: string): string {
  const s = statSync(path, { throwIfNoEntry: false });
  if (!s) return 'missing';
  return s.isDirectory() ? `dir:${s.mtimeMs}` : `${s.size}:${s.mtimeMs}`;
}

/**
 * Every input of a first view: the code's files (`files`), the root and the template folder (a file added
 * or removed there: a new template, another config file), and every locale folder and file.
 */
export function snapshotInputs(root: string, files: Iterable<string>): string[] {
  const inputs = new Set<string>([root, join(root, 'emails'), ...files]);
  const walk = (dir: string) => {
    inputs.add(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else inputs.add(path);
    }
  };
  if (existsSync(join(root, 'locales'))) walk(join(root, 'locales'));
  return [...inputs];
}

/** The snapshot in `file` when its key matches and every input is as it was; else the reason it is not used. */
export function readSnapshot(file: string, key: string): { snapshot: Snapshot } | { unused: string } {
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  } catch {
    return { unused: 'none kept' };
  }
  if (snapshot.key !== key) return { unused: 'made by another code, project or Node' };
  for (const [path, stamp] of Object.entries(snapshot.stamps)) {
    if (stampOf(path) !== stamp) return { unused: `${path} changed` };
  }
  return { snapshot };
}

/**
 * Keeps the first view. Not written when an input changed after `since` (when the code began reading them):
 * the renders might predate it.
 */
export function writeSnapshot(file: string, snapshot: Omit<Snapshot, 'stamps'>, inputs: string[], since: number) {
  const stamps: Record<string, string> = {};
  for (const path of inputs) {
    const s = statSync(path, { throwIfNoEntry: false });
    // Coarse file times: a write a few milliseconds before `since` may carry a time just under it.
    if (s && s.mtimeMs >= since - 20) return false;
    stamps[path] = stampOf(path);
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...snapshot, stamps }));
    renameSync(tmp, file);
    return true;
  } catch {
    // A snapshot that cannot be written only costs the next start its head start.
    return false;
  }
}

/** Whether the code's render is the email the snapshot showed (every part the page shows). */
export function sameEmail(kept: RenderedPreview | undefined, now: RenderResponse): boolean {
  if (!kept || !now.ok) return false;
  const parts = (r: RenderedPreview) =>
    JSON.stringify([r.html, r.text, r.subject, r.preheader, r.from, r.dir, r.locale, r.bundle]);
  return parts(kept) === parts(now);
}
