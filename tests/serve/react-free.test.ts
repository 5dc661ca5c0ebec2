/** The serve entry point loads no React, no i18next and no renderer. */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('React-free', () => {
  it.each(['src/serve/index.ts', 'src/cli/commands/serve.ts'])('%s loads no React, React Email or i18next', (entry) => {
    const out = execFileSync(process.execPath, ['tests/fixtures/loaded-modules.mjs', entry], { encoding: 'utf8' });
    const urls = JSON.parse(out) as string[];
    if (entry === 'src/serve/index.ts') {
      expect(urls.some((u) => u.endsWith('/src/serve/server.ts'))).toBe(true);
      expect(urls.some((u) => u.endsWith('/src/runtime/bundle.ts'))).toBe(true);
    }
    const forbidden = urls.filter((u) =>
      /node_modules\/(react|react-dom|react-email|@react-email|i18next|html-to-text)\/|\/src\/render\/|\/src\/build\/|\/emails\//.test(
        u,
      ),
    );
    expect(forbidden).toEqual([]);
  });
});
