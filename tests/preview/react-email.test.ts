/**
 * `authmail dev` on a project with React Email templates beside its own, and
 * a template that does not compile: the others preview, the broken one is
 * named with its line, and the preview recovers — without a restart — when
 * the file is fixed (saved as editors save: write, then rename) or deleted.
 */
import { cpSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Meta, RenderResponse } from '../../src/preview/protocol.ts';
import { copyProject, type ProjectCopy, type RunningPreview, startPreview } from '../fixtures/preview.ts';
import { FIXTURE_TEMPLATE, fixtureProject } from '../fixtures/project.ts';

const FIXTURE = resolve('tests/fixtures/react-email');
const BROKEN =
  "import { Html } from 'react-email';\nexport default function B() {\n  return <Html><p>unclosed</Html>;\n}\n";
const FIXED =
  "import { Html, Text } from 'react-email';\nexport const subject = 'Fixed';\nexport default function B() {\n  return <Html><Text>Fixed now</Text></Html>;\n}\nB.PreviewProps = {};\n";

let toolkit: ProjectCopy;
let other: string;
let project: string;
let preview: RunningPreview;

const meta = async () => (await fetch(new URL('/api/meta', preview.url)).then((r) => r.json())) as Meta;
/** The page's token, as the preview page sends it with each request. */
const token = async () =>
  /<meta name="authmail-token" content="([^"]+)"/.exec(await fetch(preview.url).then((r) => r.text()))?.[1] ?? '';
const render = async (template: string) =>
  (await fetch(new URL('/api/render', preview.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-authmail-token': await token() },
    // As the page asks: the template's sample values.
    body: JSON.stringify({
      template,
      locale: 'en',
      variables: (await meta()).templates.find((t) => t.id === template)?.sample ?? {},
    }),
  }).then((r) => r.json())) as RenderResponse;

/** Waits until the meta satisfies `ok` (a reload after a file change). */
async function until(ok: (m: Meta) => boolean, what: string) {
  const deadline = Date.now() + 30_000;
  let last: Meta | undefined;
  while (Date.now() < deadline) {
    last = await meta();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`${what}: ${JSON.stringify(last?.problems)}\n${preview.output()}`);
}

/** As editors save: the new text in a temporary file, renamed over the old one. */
const save = (file: string, text: string) => {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
};

beforeAll(async () => {
  toolkit = copyProject();
  other = await mkdtemp(join(tmpdir(), 'authmail-preview-react-'));
  project = join(other, 'p');
  fixtureProject(project, { 'authmail.config.json': readFileSync(join(FIXTURE, 'authmail.config.json'), 'utf8') });
  cpSync(join(FIXTURE, 'emails'), join(project, 'emails'), { recursive: true });
  cpSync(join(FIXTURE, 'tailwind.config.ts'), join(project, 'tailwind.config.ts'));
  writeFileSync(join(project, 'emails', 'broken.tsx'), BROKEN);
  preview = await startPreview(toolkit.dir, 90_000, ['--root', project]);
}, 120_000);

afterAll(async () => {
  await preview?.stop();
  toolkit?.remove();
  await rm(other, { recursive: true, force: true });
});

describe('authmail dev with React Email templates and a broken one', () => {
  it('lists every other template and names the broken file with its line', async () => {
    const m = await meta();
    expect(m.templates.map((t) => t.id)).toEqual(
      expect.arrayContaining([FIXTURE_TEMPLATE, 'order-shipped', 'billing-receipt']),
    );
    expect(m.templates.map((t) => t.id)).not.toContain('broken');
    expect(m.problems).toEqual([
      expect.objectContaining({
        file: 'emails/broken.tsx',
        line: 3,
        message: expect.stringContaining('does not compile'),
      }),
    ]);
  });

  it('renders a React Email template, its relative image made absolute and served offline', async () => {
    const r = await render('welcome');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.html).toContain('src="https://cdn.fixture-mail.test/static/logo.png"');
    const logo = await fetch(new URL('/static/logo.png', preview.url));
    expect(logo.status).toBe(200);
    expect(logo.headers.get('content-type')).toBe('image/png');
    expect((await fetch(new URL('/static/..%2Fwelcome.tsx', preview.url))).status).toBe(404);
  });

  it('renders the sample values for a request without variables (the page asks so before it has the meta)', async () => {
    const post = async (body: unknown) =>
      (await fetch(new URL('/api/render', preview.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-authmail-token': await token() },
        body: JSON.stringify(body),
      }).then((r) => r.json())) as RenderResponse;
    const withSample = await render('order-shipped');
    const without = await post({ template: 'order-shipped', locale: 'en' });
    expect(withSample.ok && without.ok, JSON.stringify(without)).toBe(true);
    if (!withSample.ok || !without.ok) return;
    expect([without.subject, without.html, without.text]).toEqual([
      withSample.subject,
      withSample.html,
      withSample.text,
    ]);
    // Other values than the sample's still render as given.
    const other = await post({ template: 'order-shipped', locale: 'en', variables: {} });
    expect(other.ok ? other.html : other.error.message).not.toBe(withSample.html);
    // An unknown template is named as such, not a failure to find its sample.
    const unknown = await post({ template: 'no-such-template', locale: 'en' });
    expect(unknown.ok ? 'rendered' : unknown.error.code).toBe('UNKNOWN_TEMPLATE');
  });

  it('recovers when the broken file is fixed, and when a broken file is deleted', async () => {
    save(join(project, 'emails', 'broken.tsx'), FIXED);
    const fixed = await until((m) => m.problems.length === 0 && m.templates.some((t) => t.id === 'broken'), 'fixed');
    expect(fixed.templates.map((t) => t.id)).toContain('broken');
    const r = await render('broken');
    expect(r.ok && r.html.includes('Fixed now'), JSON.stringify(r)).toBe(true);

    writeFileSync(join(project, 'emails', 'also-broken.tsx'), BROKEN);
    await until((m) => m.problems.some((p) => p.file === 'emails/also-broken.tsx'), 'a second broken file named');
    rmSync(join(project, 'emails', 'also-broken.tsx'));
    const after = await until((m) => m.problems.length === 0, 'deleted');
    expect(after.templates.map((t) => t.id)).toContain('order-shipped');
  }, 90_000);
});
