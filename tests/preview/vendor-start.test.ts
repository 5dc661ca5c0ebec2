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
    // The start says "vendor: registered" (or none, stale), then "evaluated" on first use; the refresh once the
    // start is over says what it did.
    const refresh = () =>
      preview
        .output()
        .match(/\] vendor: (bundled|up to date|code cache written|not bundled|nothing imported|failed).*/)?.[0];
    await expect.poll(refresh, { timeout: 30_000, interval: 200 }).toBeDefined();
    expect(refresh()).toMatch(/vendor: (bundled \d+ imports|up to date|code cache written)$/);
  } finally {
    await preview.stop();
  }
});
