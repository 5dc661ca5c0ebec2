/**
 * The preview's watcher (src/preview/live-reload.ts) starts after the first
 * render; a file saved between the start of the code's load (`since`) and the
 * watch being ready is reloaded once it is, and one saved before is not.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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
  const fake = {
    root,
    generation: 1,
    error: null,
    files: new Set(files),
    ready: async () => undefined,
    reload: async (what: (typeof reloads)[number]) => {
      reloads.push(what);
      return { ms: 1, error: null };
    },
  } as unknown as Workspace;
  return { fake, reloads };
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
