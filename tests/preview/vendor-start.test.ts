/**
 * A preview start loads its dependencies from the pre-bundled file
 * (src/project/vendor.mjs) only when everything the code imports is in the
 * bundled set: one import outside it (it happened with chokidar, css-select
 * and diff) silently costs every start the native loading of the rest. The
 * start's own account of the bundle says which.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { copyProject, type ProjectCopy, startPreview } from '../fixtures/preview.ts';

let project: ProjectCopy;
beforeAll(() => {
  project = copyProject();
});
afterAll(() => project?.remove());

it('bundles every dependency the preview imports: the idle refresh never says "not bundled"', async () => {
  const preview = await startPreview(project.dir, 60_000, [], { AUTHMAIL_PREVIEW_TRACE: '1' });
  try {
    // The first "vendor:" line is the load; the second, the refresh once the start is over.
    await expect
      .poll(() => preview.output().match(/\] vendor: .*/g)?.length ?? 0, { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(2);
    const refresh = preview.output().match(/\] vendor: .*/g)?.[1] ?? '';
    expect(refresh).toMatch(/vendor: (bundled \d+ imports|up to date|code cache written)$/);
  } finally {
    await preview.stop();
  }
});
