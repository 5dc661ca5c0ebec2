import { describe, expect, it } from 'vitest';
import { cli } from '../fixtures/cli.ts';

describe('authmail CLI', () => {
  it('lists its commands', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/build\s+Compile every template/);
  });

  it('names an unknown command and an unknown option', async () => {
    expect(await cli(['buidl'])).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown command "buidl"') });
    const r = await cli(['build', '--outt', 'x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Unknown option '--outt'/);
    expect(r.stderr).toContain('Usage: authmail build');
  });
});

describe('the command registry', () => {
  it('loads no renderer, browser or mail library until a command needs it', async () => {
    const { execFileSync } = await import('node:child_process');
    const urls = JSON.parse(
      execFileSync(process.execPath, ['tests/fixtures/loaded-modules.mjs', 'src/cli/main.ts'], { encoding: 'utf8' }),
    ) as string[];
    const heavy = urls.filter((u) =>
      /node_modules\/(react|react-dom|react-email|@react-email|i18next|playwright-core|axe-core|vite)\/|\/src\/render\//.test(
        u,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
