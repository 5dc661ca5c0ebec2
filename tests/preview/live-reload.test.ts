/**
 * The preview's watcher (src/preview/live-reload.ts) starts after the first
 * render; a file saved between the start of the code's load (`since`) and the
 * watch being ready is reloaded once it is, and one saved before is not; a save
 * right after the last one's reload is not lost.
 */
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { watchProject } from '../../src/preview/live-reload.ts';
import type { Workspace } from '../../src/preview/workspace.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function project() {
  const root = mkdtempSync(join(tmpdir(), 'authmail-watch-'));
  dirs.push(root);
  mkdirSync(join(root, 'emails'));
  mkdirSync(join(root, 'locales/en'), { recursive: true });
  mkdirSync(join(root, 'components'));
  return root;
}

/** A workspace that records its reloads. */
function workspace(root: string, files: string[]) {
  const reloads: { code: boolean; locales: boolean; files?: readonly string[] | undefined }[] = [];
  /** What each reload read of the files it was given. */
  const read: string[][] = [];
  const fake = {
    root,
    generation: 1,
    error: null,
    files: new Set(files),
    ready: async () => undefined,
    reload: async (what: (typeof reloads)[number]) => {
      reloads.push(what);
      read.push((what.files ?? []).map((f) => readFileSync(f, 'utf8')));
      return { ms: 1, error: null };
    },
  } as unknown as Workspace;
  return { fake, reloads, read };
}

/** The watch as the server starts it, on the project at `root`. */
const watch = (root: string, fake: Workspace, since?: number) =>
  watchProject({
    root,
    toolkit: join(root, 'node_modules/authmail'),
    workspace: fake,
    onReload: () => undefined,
    onError: () => undefined,
    log: () => undefined,
    since,
  });

const past = (file: string) => utimesSync(file, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));

it('reloads what changed after the load began and before the watch was ready, and nothing older', async () => {
  const root = project();
  const files = {
    oldTemplate: join(root, 'emails/old.tsx'),
    newTemplate: join(root, 'emails/new.tsx'),
    oldLocale: join(root, 'locales/en/old.json'),
    newLocale: join(root, 'locales/en/new.json'),
    sharedOld: join(root, 'components/button.tsx'),
    sharedNew: join(root, 'components/header.tsx'),
  };
  for (const file of Object.values(files)) writeFileSync(file, 'export {};\n');
  for (const file of [files.oldTemplate, files.oldLocale, files.sharedOld]) past(file);
  const since = Date.now() - 5_000;
  const { fake, reloads } = workspace(root, [files.sharedOld, files.sharedNew]);
  const watcher = watch(root, fake, since);
  try {
    await expect.poll(() => reloads.length, { timeout: 5_000 }).toBe(1);
    expect([...(reloads[0]?.files ?? [])].sort()).toEqual([files.sharedNew, files.newLocale, files.newTemplate].sort());
    expect(reloads[0]).toMatchObject({ code: true, locales: true });
    // Once: nothing else was pending.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(reloads).toHaveLength(1);
  } finally {
    await watcher.close();
  }
});

it('without `since`, files already there are not reloaded', async () => {
  const root = project();
  writeFileSync(join(root, 'emails/a.tsx'), 'export {};\n');
  const { fake, reloads } = workspace(root, []);
  const watcher = watch(root, fake);
  try {
    // Saved once the watch is ready: seen.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reloads).toHaveLength(0);
    writeFileSync(join(root, 'emails/a.tsx'), 'export const a = 1;\n');
    await expect.poll(() => reloads.length, { timeout: 5_000 }).toBe(1);
    expect(reloads[0]?.files).toEqual([join(root, 'emails/a.tsx')]);
  } finally {
    await watcher.close();
  }
});

it('reloads a save that comes right after the last one’s reload (chokidar drops a change within 50 ms of another)', async () => {
  const root = project();
  const file = join(root, 'emails/a.tsx');
  writeFileSync(file, 'export const v = 0;\n');
  const { fake, read } = workspace(root, []);
  const watcher = watch(root, fake);
  try {
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let n = 1; n <= 6; n++) {
      const text = `export const v = ${n};\n`;
      // In place, and as editors with "atomic" save write (a temporary file renamed over it), in turn.
      if (n % 2) writeFileSync(file, text);
      else {
        writeFileSync(`${file}.tmp`, text);
        renameSync(`${file}.tmp`, file);
      }
      // The next save as soon as this one is reloaded: a fast reload is ~15 ms after the watcher's event.
      const deadline = Date.now() + 5_000;
      while (read.at(-1)?.[0] !== text) {
        if (Date.now() > deadline) throw new Error(`save ${n} never reloaded; last read: ${read.at(-1)}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  } finally {
    await watcher.close();
  }
});
