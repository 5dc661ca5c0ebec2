/**
 * `authmail dev --root <dir>` previews that project: its config (brand) and
 * its locales, not the folder the command runs from.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meta } from '../../src/preview/protocol.ts';
import { copyProject, type ProjectCopy, type RunningPreview, startPreview } from '../fixtures/preview.ts';
import { FIXTURE_LOCALES, FIXTURE_TEMPLATE, fixtureBrand, fixtureProject } from '../fixtures/project.ts';

let toolkit: ProjectCopy;
let other: string;
let preview: RunningPreview;

beforeAll(async () => {
  toolkit = copyProject();
  other = await mkdtemp(join(tmpdir(), 'authmail-preview-root-'));
  fixtureProject(join(other, 'p'), { 'authmail.config.json': JSON.stringify({ brand: fixtureBrand }) });
  preview = await startPreview(toolkit.dir, 60_000, ['--root', join(other, 'p')]);
}, 90_000);

afterAll(async () => {
  await preview?.stop();
  toolkit?.remove();
  await rm(other, { recursive: true, force: true });
});

describe('authmail dev --root', () => {
  it('shows the templates, the brand and the locales of the project at the root', async () => {
    const meta = (await fetch(new URL('/api/meta', preview.url)).then((r) => r.json())) as Meta;
    expect(meta.templates.map((t) => t.id)).toEqual([FIXTURE_TEMPLATE]);
    expect(meta.templates[0]?.logtoType).toBeUndefined();
    expect(meta.brands[0]).toMatchObject({
      senderName: fixtureBrand.senderName,
      fromAddress: fixtureBrand.fromAddress,
    });
    expect(meta.locales.map((l) => l.tag)).toEqual([...FIXTURE_LOCALES]);
  });

  it('prints the config warnings at start (a logo outside assets.baseUrl)', async () => {
    const deadline = Date.now() + 20_000;
    while (!preview.output().includes('local inbox:') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(preview.output()).toContain(
      `authmail dev: warning: brand.logoUrl ${fixtureBrand.logoUrl} is not under assets.baseUrl (not set)`,
    );
  });

  it('says when live reload is ready (after the inbox), and a save after that line is reloaded by itself', async () => {
    await expect.poll(() => preview.output(), { timeout: 30_000 }).toContain('live reload: ready');
    const lines = preview.output().split('\n');
    const at = (start: string) => lines.findIndex((line) => line.startsWith(start));
    expect(at('local inbox:')).toBeGreaterThan(-1);
    expect(at('live reload: ready')).toBeGreaterThan(at('local inbox:'));
    // Ready: the watch has scanned the project, so a save is followed from now on.
    const file = join(other, 'p', 'emails', `${FIXTURE_TEMPLATE}.tsx`);
    const source = await readFile(file, 'utf8');
    try {
      await writeFile(file, `${source}\n// saved\n`);
      await expect.poll(() => preview.output(), { timeout: 15_000 }).toContain(`↻ emails/${FIXTURE_TEMPLATE}.tsx`);
    } finally {
      await writeFile(file, source);
    }
  });

  it('names a --port in use in one line, without a stack', async () => {
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as AddressInfo).port;
    try {
      const run = spawnSync(
        process.execPath,
        ['bin/authmail.mjs', 'dev', '--port', String(port), '--root', join(other, 'p')],
        { cwd: toolkit.dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NODE_OPTIONS: '' } },
      );
      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        `authmail dev: port ${port} on 127.0.0.1 is in use (another authmail dev?): stop what listens there, pick another --port, or leave --port out to take the next free one`,
      ]);
    } finally {
      busy.close();
    }
  }, 90_000);

  it('renders the project’s own template in its own words', async () => {
    const r = (await fetch(new URL('/api/render', preview.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-authmail-token': await token() },
      body: JSON.stringify({ template: FIXTURE_TEMPLATE, locale: 'de', variables: { code: '135790' } }),
    }).then((res) => res.json())) as { ok: boolean; subject: string; html: string };
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    expect(r.subject).toBe('Bestätigen Sie Ihren Fixture-Newsletter');
    expect(r.html).toContain('<span>135</span><span style="padding-left:12px">790</span>');
  });
});

describe('the first start, with no built app', () => {
  it('builds the app in its own process and renders every email correctly (no production React beside the dev JSX runtime)', async () => {
    const cache = await mkdtemp(join(tmpdir(), 'authmail-app-cache-'));
    const env = process.env.AUTHMAIL_PREVIEW_CACHE;
    process.env.AUTHMAIL_PREVIEW_CACHE = cache;
    let fresh: RunningPreview | undefined;
    try {
      fresh = await startPreview(toolkit.dir, 90_000, ['--root', join(other, 'p')]);
      const started = fresh;
      await expect.poll(() => started.output(), { timeout: 60_000 }).toMatch(/built the preview app in \d+ ms/);
      const r = (await fetch(new URL('/api/render', fresh.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-authmail-token': await token(fresh.url) },
        body: JSON.stringify({ template: FIXTURE_TEMPLATE, locale: 'en', variables: { code: '246802' } }),
      }).then((res) => res.json())) as { ok: boolean; html?: string; error?: unknown };
      expect(r, JSON.stringify(r.error)).toMatchObject({ ok: true });
      expect(r.html).toContain('<span>246</span><span style="padding-left:12px">802</span>');
      expect(await fetch(fresh.url).then((res) => res.status)).toBe(200);
    } finally {
      await fresh?.stop();
      if (env === undefined) delete process.env.AUTHMAIL_PREVIEW_CACHE;
      else process.env.AUTHMAIL_PREVIEW_CACHE = env;
      await rm(cache, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a broken locale file in the preview', () => {
  it('names the file, the line and the column, and recovers when it is fixed', async () => {
    const file = join(other, 'p', 'locales', 'de', `${FIXTURE_TEMPLATE}.json`);
    const good = await readFile(file, 'utf8');
    const render = async () =>
      (await fetch(new URL('/api/render', preview.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-authmail-token': await token() },
        body: JSON.stringify({ template: FIXTURE_TEMPLATE, locale: 'de', variables: { code: '135790' } }),
      }).then((res) => res.json())) as { ok: boolean; error?: { code: string; message: string } };
    try {
      await writeFile(file, good.replace('{', '{\n  "broken" "no colon",'));
      await expect.poll(async () => (await render()).ok, { timeout: 15_000 }).toBe(false);
      const { error } = await render();
      expect(error?.code).toBe('INVALID_LOCALE_FILE');
      expect(error?.message).toMatch(new RegExp(`locales/de/${FIXTURE_TEMPLATE}\\.json:2:\\d+`));
    } finally {
      await writeFile(file, good);
    }
    await expect.poll(async () => (await render()).ok, { timeout: 15_000 }).toBe(true);
  });
});

async function token(url = preview.url): Promise<string> {
  const page = await fetch(url).then((r) => r.text());
  return /<meta name="authmail-token" content="([^"]+)">/.exec(page)?.[1] ?? '';
}
