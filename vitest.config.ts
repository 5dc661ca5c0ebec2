import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The inner loop (`npm run test:unit`, seconds): tests with no browser, no child process, no server
 * and no full-content render. Everything else (Chromium, loopback SMTP/HTTP peers, Redis, Logto's packages, the packed
 * tarball) is `integration`. `npm test` runs both.
 */
const UNIT = [
  'tests/architecture/**/*.test.ts',
  'tests/core/**/*.test.ts',
  'tests/providers/list.test.ts',
  'tests/serve/auth.test.ts',
  'tests/serve/log.test.ts',
  'tests/serve/rate-limit.test.ts',
  'tests/serve/steps.test.ts',
  'tests/build/build.test.ts',
  'tests/check/rules.test.ts',
  'tests/check/logo.test.ts',
  'tests/email/subject.test.ts',
  'tests/email/request-details.test.ts',
  'tests/preview/colour-modes.test.ts',
  'tests/preview/live-reload.test.ts',
  'tests/preview/page-data.test.ts',
  'tests/preview/watch-failure.test.ts',
  'tests/content/docs.test.ts',
  'tests/locale/locale.test.ts',
  'tests/locale/bidi.test.ts',
  'tests/render/markup.test.ts',
  'tests/render/phrases.test.ts',
  'tests/project/load-ts.test.ts',
  'tests/project/module-reload.test.ts',
  'tests/project/**/*.test.ts',
  'tests/queue/schema.test.ts',
  'tests/runtime/program.test.ts',
  'tests/hosted/formats.test.ts',
  'tests/mail/slots.test.ts',
  'tests/variables/variables.test.ts',
  'tests/visual/results.test.ts',
  'tests/visual/select.test.ts',
];

export default defineConfig({
  resolve: {
    // The public authoring paths resolve to this checkout's source, as package.json "exports" do when installed.
    alias: {
      'authmail/email': fileURLToPath(new URL('./src/email/index.ts', import.meta.url)),
      'authmail/config': fileURLToPath(new URL('./src/config/index.ts', import.meta.url)),
    },
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time even on two cores (Vitest's default there is one): most integration tests wait on a
    // browser, a server or a child process. 717 → 445 s for the whole suite on this machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: UNIT } },
      { extends: true, test: { name: 'integration', include: ['tests/**/*.test.{ts,tsx}'], exclude: UNIT } },
    ],
  },
});
