/**
 * The first view kept between starts (src/preview/snapshot.ts): a start whose inputs are all unchanged shows
 * the last session's first email before its code loads — the same email the code renders — and a start after
 * any change (a locale file, a template, a new template file) renders as it always did.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CHROMIUM_ARGS, launchChromium } from '../../src/browser/chromium.ts';
import { copyProject, type ProjectCopy, type RunningPreview, startPreview } from '../fixtures/preview.ts';

let project: ProjectCopy;
let browser: Browser;
let running: RunningPreview | undefined;

beforeAll(async () => {
  project = copyProject();
  browser = await launchChromium({ args: [...CHROMIUM_ARGS] });
}, 60_000);

afterAll(async () => {
  await running?.stop();
  await browser?.close();
  project?.remove();
});

/** One session: start, open the sign-in email, read it; then wait until the first view is kept, and stop. */
async function session(
  env: Record<string, string> = {},
  check?: (page: Page) => Promise<void>,
  query = '',
  /** 'loaded': stopped as soon as the code has loaded (while it renders the email again), not once idle. */
  stop: 'idle' | 'loaded' = 'idle',
): Promise<{ output: string; html: string; text: string }> {
  const started = await startPreview(project.dir, 60_000, [], { AUTHMAIL_PREVIEW_TRACE: '1', ...env });
  running = started;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  let shown: { html: string; text: string };
  try {
    const page: Page = await context.newPage();
    await page.goto(`${running.url}?template=sign-in&locale=en${query}`);
    await page.waitForSelector('.pane[data-rendered]', { timeout: 30_000 });
    const frame = await (await page.locator('.pane[data-rendered] iframe').elementHandle())?.contentFrame();
    const html = (await frame?.evaluate(() => document.documentElement.outerHTML)) ?? '';
    const text = (await frame?.evaluate(() => document.body.innerText)) ?? '';
    await check?.(page);
    const deadline = Date.now() + 30_000;
    const done = stop === 'idle' ? /first view (kept|not kept)/ : /code loaded/;
    while (!done.test(started.output()) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    shown = { html, text };
  } finally {
    await context.close();
    await started.stop();
    running = undefined;
  }
  // What it said until it stopped (it keeps the first view on stop at the latest).
  return { output: started.output(), ...shown };
}

const fromSnapshot = /first view: sign-in\/en from the last session/;

it('shows the last session’s first email before the code loads, the email the code renders', async () => {
  const first = await session();
  expect(first.output).toMatch(/first view: not kept/);
  expect(first.output).not.toMatch(fromSnapshot);
  expect(first.output).toMatch(/first view kept/);

  // Without a first view kept, the page asks for the meta and its email.
  expect(first.output).toMatch(/→ GET \/api\/meta/);
  expect(first.output).toMatch(/→ POST \/api\/render/);

  const second = await session();
  expect(second.output).toMatch(/first view: from the last session/);
  // Answered before the code loaded, and the same document the code rendered in the first session.
  expect(second.output.search(fromSnapshot)).toBeGreaterThan(-1);
  const loaded = second.output.indexOf('code loaded');
  expect(second.output.search(fromSnapshot)).toBeLessThan(loaded);
  expect(second.html).toBe(first.html);
  // The meta and the email came written into the page: it asked for neither.
  expect(second.output.slice(0, loaded)).not.toMatch(/→ (GET \/api\/meta|POST \/api\/render)/);
  // The code loaded once the email's frame was served; the pre-bundled dependencies were evaluated then, not
  // before the server listened.
  expect(second.output.indexOf('→ GET /__email/')).toBeGreaterThan(-1);
  expect(second.output.indexOf('→ GET /__email/')).toBeLessThan(loaded);
  expect(second.output).toMatch(/vendor: registered/);
  expect(second.output.indexOf('authmail preview:')).toBeLessThan(second.output.indexOf('vendor: evaluated'));
}, 120_000);

it('renders as it always did after a change between starts: a locale file, a template, a new template file', async () => {
  const changes: [string, () => void, RegExp][] = [
    [
      'locale file',
      () => project.edit('locales/en/sign-in.json', '"SignIn for {app}"', '"Changed heading for {app}"'),
      /Changed heading for/,
    ],
    [
      'template',
      () => project.edit('emails/sign-in.tsx', '<CodeEmail s={s} />', '<CodeEmail s={s} intro="Changed template" />'),
      /Changed template/,
    ],
    [
      'new template file',
      () =>
        project.write(
          'emails/extra.tsx',
          "import { Html, Text } from 'react-email';\nexport const subject = 'Extra';\nexport default function Extra() {\n  return <Html><Text>Extra</Text></Html>;\n}\nExtra.PreviewProps = {};\n",
        ),
      /Changed template/,
    ],
  ];
  // A session that keeps the first view as it is now.
  await session();
  for (const [what, change, shown] of changes) {
    change();
    const after = await session();
    expect(after.output, what).toMatch(/first view: not kept \((.* changed|made by another code, project or Node)\)/);
    expect(after.output, what).not.toMatch(fromSnapshot);
    expect(after.text, what).toMatch(shown);
  }
}, 180_000);

it('shows the view again when the code renders it otherwise: an environment variable the config reads', async () => {
  project.edit(
    'authmail.config.ts',
    "senderName: 'Fixture Logto'",
    "senderName: '$[env:FIXTURE_SENDER;default=Fixture Logto]'",
  );
  await session();
  const from = (page: Page) => page.locator('.pane .inbox-row .from').textContent();
  const same = await session({}, async (page) => expect(await from(page)).toBe('Fixture Logto'));
  expect(same.output).toMatch(fromSnapshot);
  expect(same.output).toMatch(/first view: as the code renders it/);

  // The stamps cannot see the environment: the first view shows the old sender, then the code's.
  const changed = await session({ FIXTURE_SENDER: 'Sender From Env' }, async (page) => {
    await expect.poll(() => from(page), { timeout: 30_000 }).toBe('Sender From Env');
    await expect.poll(() => page.locator('#status').textContent(), { timeout: 30_000 }).toMatch(/^Shown again/);
  });
  expect(changed.output).toMatch(fromSnapshot);
  expect(changed.output).toMatch(/first view: differed \(templates, locales, brands; sign-in\/en\)/);

  // The session that differed counted a reload; the next start with the same environment is the same view.
  const again = await session({ FIXTURE_SENDER: 'Sender From Env' }, async (page) =>
    expect(await from(page)).toBe('Sender From Env'),
  );
  expect(again.output).toMatch(fromSnapshot);
  expect(again.output).toMatch(/first view: as the code renders it/);
}, 120_000);

it('answers each first view with its own brand: a preset seen last session is not the config brand’s email', async () => {
  const from = (page: Page) => page.locator('.pane .inbox-row .from').textContent();
  // The last session looked at a brand preset (its sample is kept beside the config brand's warm render).
  const preset = await session({}, async (page) => expect(await from(page)).toBe('Partner'), '&brand=Partner');
  expect(preset.output).toMatch(/first view kept/);
  // This one opens without a preset: the last session's meta, but the config brand's email rendered by the code
  // from the first byte (not the preset's kept email, then a reload).
  const plain = await session({}, async (page) => expect(await from(page)).toBe('Fixture Logto'));
  expect(plain.output).toMatch(/first view: from the last session/);
  expect(plain.output).not.toMatch(fromSnapshot);
  expect(plain.output).not.toMatch(/first view: differed/);
}, 120_000);

it('keeps the first view of a session stopped as its code renders the email again: the next start shows it early', async () => {
  await session();
  for (let n = 0; n < 3; n++) {
    const quick = await session({}, undefined, '', 'loaded');
    expect(quick.output).toMatch(fromSnapshot);
    // It kept its view once it was rendered again (a stop at this point had kept a first view with no email).
    expect(quick.output).toMatch(/first view kept/);
  }
  const next = await session();
  expect(next.output).toMatch(fromSnapshot);
}, 120_000);

it('closes in order on a Ctrl-C as soon as it listens (exit 0, not ended by the signal)', async () => {
  const started = await startPreview(project.dir, 60_000);
  await started.stop();
  expect([started.child.exitCode, started.child.signalCode]).toEqual([0, null]);
  // The view kept by the sessions before stays for the next start.
  const next = await session();
  expect(next.output).toMatch(fromSnapshot);
}, 60_000);
