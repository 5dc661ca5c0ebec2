import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The public authoring paths resolve to this checkout's source, as package.json "exports" do when installed.
    alias: {
      'authmail/email': fileURLToPath(new URL('./src/email/index.ts', import.meta.url)),
      'authmail/config': fileURLToPath(new URL('./src/config/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
