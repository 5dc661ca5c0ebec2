/**
 * A watch that cannot start (chokidar throwing as the watch begins: too many watchers, a folder it may not read)
 * is reported as the watcher's own failures are, and the preview's start-up still ends (src/preview/live-reload.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it, vi } from 'vitest';
import type { Workspace } from '../../src/preview/workspace.ts';

const root = mkdtempSync(join(tmpdir(), 'authmail-watch-failure-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it('reports a watch that cannot start, and its start-up and close still end', async () => {
  vi.doMock('chokidar', () => ({
    watch: () => {
      throw new Error('ENOSPC: System limit for number of file watchers reached');
    },
  }));
  const { watchProject } = await import('../../src/preview/live-reload.ts');
  const errors: string[] = [];
  const logged: string[] = [];
  const watch = watchProject({
    root,
    toolkit: join(root, 'node_modules/authmail'),
    workspace: { root, files: new Set<string>(), ready: async () => undefined } as unknown as Workspace,
    onReload: () => undefined,
    onError: (message) => errors.push(message),
    log: (line) => logged.push(line),
  });
  await expect(watch.ready).resolves.toBeUndefined();
  expect(errors).toEqual([
    'the file watcher failed (ENOSPC: System limit for number of file watchers reached): saves may not reload until authmail dev restarts',
  ]);
  expect(logged).toEqual([`✗ ${errors[0]}`]);
  await expect(watch.close()).resolves.toBeUndefined();
  vi.doUnmock('chokidar');
});
