/**
 * A team's React Email templates, as React Email's users write them
 * (tests/fixtures/react-email: folders, `_components`, `static/`, Tailwind,
 * `PreviewProps`, default and named exports, `@react-email/components`,
 * module-level Intl formats): found by React Email's rules, compiled to
 * slots, and filled by the runtime into the markup React Email renders for
 * the same props — for the samples and for values the samples never had.
 */
import { execFile } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { absoluteAssets, buildAssets } from '../../src/build/assets.ts';
import { type BuildOutput, buildBundles } from '../../src/build/build.ts';
import { parseConfig } from '../../src/config/index.ts';
import { unexportable } from '../../src/export/run.ts';
import type { Catalog, ReactTemplate } from '../../src/project/catalog.ts';
import { loadCatalog } from '../../src/project/catalog.ts';
import { markupDifference, renderComponent, sameMarkup } from '../../src/render/react-email/compile.ts';
import { projectTranslations } from '../../src/render/translations.ts';
import { type Bundle, createBundle } from '../../src/runtime/bundle.ts';
import { cli } from '../fixtures/cli.ts';
import { expectDocumentedDataWorks, HOSTED_TARGETS } from '../fixtures/hosted-check.ts';
import { FIXTURE_LOCALES, FIXTURE_TEMPLATE, fixtureProject } from '../fixtures/project.ts';

const exec = promisify(execFile);
const BIN = resolve('bin/authmail.mjs');
const run = (args: string[], cwd: string) =>
  exec(process.execPath, [BIN, ...args], { cwd }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );

const FIXTURE = resolve('tests/fixtures/react-email');
const configFile = join(FIXTURE, 'authmail.config.json');
const config = parseConfig(JSON.parse(readFileSync(configFile, 'utf8')), configFile, { cwd: FIXTURE });
const assets = buildAssets(config.assets, FIXTURE);

let catalog: Catalog;
let output: BuildOutput;
let bundle: Bundle;
let work: string;

beforeAll(async () => {
  catalog = await loadCatalog(FIXTURE);
  output = await buildBundles({
    catalog,
    brand: config.brand,
    translations: projectTranslations(FIXTURE, config.locales),
    problems: 'collect',
    assets,
  });
  bundle = createBundle(output.manifest, output.sources);
  work = await mkdtemp(join(tmpdir(), 'authmail-react-email-'));
}, 120_000);
afterAll(() => rm(work, { recursive: true, force: true }));

type Props = Record<string, unknown>;

/** React Email's render of the same props, its relative asset URLs made absolute as the build makes them. */
async function reactEmail(id: string, props: Props) {
  const template = catalog.get(id) as ReactTemplate;
  const html = await renderComponent(template.definition.component, props);
  return absoluteAssets(id, { html, text: '' }, assets).html;
}

/** Values a sample never had: markup, quotes and ampersands in text, other URLs, numbers and dates. */
function hostile(sample: Props, kinds: Map<string, string>, prefix = ''): Props {
  const out: Props = {};
  for (const [key, value] of Object.entries(sample)) {
    const path = prefix + key;
    const kind = kinds.get(path);
    if (Array.isArray(value)) out[key] = [...value, ...value].map((item) => hostile(item as Props, kinds, `${path}.`));
    else if (kind === 'url')
      out[key] = `https://other.example/p?a=1&b=two#top`; // (the runtime percent-encodes what React escapes)
    else if (kind === 'email') out[key] = `o'hara+tag@other.example`;
    else if (kind === 'number') out[key] = 1234567.891;
    else if (kind === 'datetime')
      out[key] = value instanceof Date ? new Date('2030-02-28T23:59:00Z') : '2030-02-28T23:59:00Z';
    else if (kind === 'boolean') out[key] = !value;
    else if (kind === 'object') out[key] = hostile(value as Props, kinds, `${path}.`);
    else if (typeof value === 'string') out[key] = `<b>"Ünïcødé" & 'co'</b> ${'ش'.repeat(3)} {a} $1 $&`;
    else out[key] = value;
  }
  return out;
}

describe('React Email templates', () => {
  it('are found by React Email’s rules: ids from paths, _components, static/ and config files skipped', () => {
    expect(catalog.ids).toEqual([
      'account-deleted',
      'auth-magic-link',
      'auth-verify-email',
      'billing-receipt',
      'invite-user',
      'login-code',
      'newsletter-digest',
      'order-shipped',
      'reset-password',
      'stripe-welcome',
      'welcome',
    ]);
    expect(output.problems).toEqual([]);
    expect(Object.keys(output.manifest.templates)).toEqual(catalog.ids);
  });

  it('makes required what the email cannot do without, and optional what it handles', () => {
    const required = (id: string) =>
      Object.fromEntries((output.manifest.templates[id]?.variables ?? []).map((v) => [v.path, v.required] as const));
    // `note ? … : …`, `{teamName && …}`, `name ?? 'friend'`, a default parameter: optional.
    expect(required('order-shipped')).toEqual({
      orderNumber: true,
      deliveryDate: true,
      trackingUrl: true,
      note: false,
    });
    expect(required('welcome')).toMatchObject({ name: false, dashboardUrl: true, teamName: false });
    expect(required('login-code')).toEqual({ loginCode: false });
    expect(required('reset-password')).toMatchObject({ userFirstname: true, ipAddress: false, location: false });
    // A list's items and their values.
    expect(required('billing-receipt')).toEqual({
      customer: true,
      paidAt: true,
      items: false,
      'items.name': true,
      'items.price': true,
      total: true,
    });
  });

  it('compiles conditions, lists, formats and the preview text to slots', () => {
    const source = (id: string) => output.sources.find((s) => s.template === id) as (typeof output.sources)[number];
    expect(source('billing-receipt').html).toContain(
      '{{#items}}<table align="center" width="100%" border="0" cellPadding="0" cellSpacing="0" role="presentation"><tbody style="width:100%"><tr style="width:100%"><td data-id="__react-email-column">{{items.name}}</td><td align="right" data-id="__react-email-column">{{items.price:number:locale=en-US,style=currency,currency=USD}}</td>',
    );
    expect(source('order-shipped').subject).toBe('Order {{orderNumber}} is on its way');
    expect(source('order-shipped').html).toContain(
      '{{deliveryDate:datetime:locale=en-US,weekday=long,month=long,day=numeric,timeZone=UTC}}',
    );
    expect(source('welcome').html).toContain('src="https://cdn.fixture-mail.test/static/logo.png"');
    expect(source('welcome').preview).toBe('Welcome aboard, {{#name}}{{name}}!{{/name}}{{^name}}friend!{{/name}}');
  });

  it('fills each email as React Email renders it: samples, absent values, other lists, hostile values', async () => {
    let compared = 0;
    for (const id of catalog.ids) {
      const template = catalog.get(id) as ReactTemplate;
      const variables = output.manifest.templates[id]?.variables ?? [];
      const kinds = new Map(variables.map((v) => [v.path, v.kind]));
      const sample = template.definition.sample as Props;
      const sets: Props[] = [sample, hostile(sample, kinds)];
      const bare: Props = { ...sample };
      for (const v of variables) {
        if (v.parent !== -1) continue;
        if (v.kind === 'list') {
          const items = sample[v.path] as Props[];
          sets.push({ ...sample, [v.path]: [] }, { ...sample, [v.path]: [items[0], items[0], items[0]] });
        } else if (v.kind === 'boolean') sets.push({ ...sample, [v.path]: !sample[v.path] });
        else if (!v.required) {
          const { [v.path]: _, ...rest } = sample;
          sets.push(rest);
          delete bare[v.path];
        }
      }
      sets.push(bare);
      for (const props of sets) {
        const filled = bundle.render(id, { locale: 'en', variables: props, timeZone: 'UTC' });
        const expected = await reactEmail(id, props);
        expect(
          sameMarkup(filled.html, expected),
          `${id} ${JSON.stringify(props)}: ${markupDifference(filled.html, expected)}`,
        ).toBe(true);
        if (typeof template.definition.subject === 'function')
          expect(filled.subject).toBe(template.definition.subject(props));
        expect(filled.text).not.toMatch(/\{\{|undefined|NaN/);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(40);
  });

  it('never sends a value that reads as a slot: {{code}} in a value is broken apart', () => {
    const sample = catalog.get('order-shipped').definition.sample as Props;
    const filled = bundle.render('order-shipped', { locale: 'en', variables: { ...sample, note: 'see {{code}}' } });
    expect(filled.html).not.toContain('{{code}}');
    expect(filled.text).not.toContain('{{code}}');
  });

  it('names a missing required value at send time', () => {
    const { orderNumber: _, ...rest } = catalog.get('order-shipped').definition.sample as Props;
    expect(() => bundle.render('order-shipped', { locale: 'en', variables: rest })).toThrow(
      expect.objectContaining({ code: 'MISSING_VARIABLE', variable: 'orderNumber' }),
    );
  });
});

describe('React Email templates exported to providers', () => {
  it('fill in each provider’s engine as authmail’s runtime fills them; the rest are named with the reason', () => {
    let exported = 0;
    for (const target of HOSTED_TARGETS) {
      const skipped = unexportable(bundle, target);
      // A date formatted at send time is exported: the data carries it formatted (hosted/formats.ts).
      expect(skipped.map((u) => u.template).sort()).toEqual(['billing-receipt', 'newsletter-digest']);
      expect(skipped.find((u) => u.template === 'billing-receipt')?.reason).toMatch(
        /not exported to .*: it repeats "items" for each item/,
      );
      for (const id of catalog.ids.filter((i) => !skipped.some((u) => u.template === i))) {
        const sample = catalog.get(id).definition.sample as Props;
        expectDocumentedDataWorks(bundle, id, 'en', target, [['sample', sample]]);
        exported++;
      }
    }
    expect(exported).toBe(9 * HOSTED_TARGETS.length);
  });
});

describe('React Email templates dropped unchanged beside defineEmail templates', () => {
  let dir: string;
  beforeAll(() => {
    const raw = JSON.parse(readFileSync(configFile, 'utf8'));
    dir = fixtureProject(join(work, 'mixed'), { 'authmail.config.json': JSON.stringify(raw) });
    cpSync(join(FIXTURE, 'emails'), join(dir, 'emails'), { recursive: true });
    cpSync(join(FIXTURE, 'tailwind.config.ts'), join(dir, 'tailwind.config.ts'));
  });

  it('build both kinds: translated ones per locale, a React Email template once, in the default locale', async () => {
    const r = await run(['build'], dir);
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(dir, 'dist/manifest.json'), 'utf8'));
    expect(Object.keys(manifest.templates)).toEqual([...catalog.ids, FIXTURE_TEMPLATE].sort());
    expect(Object.keys(manifest.templates[FIXTURE_TEMPLATE].emails).sort()).toEqual([...FIXTURE_LOCALES].sort());
    expect(Object.keys(manifest.templates['order-shipped'].emails)).toEqual(['en']);
  });

  it('send one asked for in German: in English, labelled English, its date formatted at send time', async () => {
    const sample = { ...(catalog.get('order-shipped').definition.sample as Props), note: 'Fragile & <heavy>' };
    const r = await run(
      [
        'send',
        '--template',
        'order-shipped',
        '--to',
        'ada@example.test',
        '--locale',
        'de',
        '--vars',
        JSON.stringify(sample),
        '--json',
      ],
      dir,
    );
    expect(r.code, r.stderr).toBe(0);
    const outbox = join(dir, 'outbox');
    const eml = readdirSync(outbox).find((f) => f.endsWith('.eml')) as string;
    const mail = await simpleParser(readFileSync(join(outbox, eml)));
    expect(mail.subject).toBe('Order A-1042 is on its way');
    expect(mail.headers.get('content-language')).toBe('en');
    expect(mail.html).toContain('<html dir="ltr" lang="en">');
    expect(mail.html).toContain('arrives Wednesday, December 9.');
    expect(mail.html).toContain('Note from the shop: Fragile &amp; &lt;heavy&gt;');
    expect(mail.text).toContain('Note from the shop: Fragile & <heavy>');
  });

  it('check them with the rest: no errors (React Email’s own markup accepted, the team’s exception applied)', async () => {
    const r = await run(['check', '--json', '--all'], dir);
    const report = JSON.parse(r.stdout);
    const open = report.findings.filter(
      (f: { exception?: string; severity: string }) => !f.exception && f.severity === 'error',
    );
    expect(open, JSON.stringify(open, null, 1)).toEqual([]);
    expect(r.code).toBe(0);
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        template: 'invite-user',
        rule: 'images',
        exception: expect.stringContaining("team's avatar"),
      }),
    );
  }, 120_000);
});

describe('a React Email project with broken templates beside good ones', () => {
  let dir: string;
  beforeAll(() => {
    dir = join(work, 'broken');
    cpSync(FIXTURE, dir, { recursive: true });
    const put = (file: string, text: string) => writeFileSync(join(dir, 'emails', file), text);
    put(
      'syntax.tsx',
      "import { Html } from 'react-email';\nexport default function S() {\n  return <Html><p>unclosed</Html>;\n}\n",
    );
    put(
      'throws.tsx',
      "throw new Error('no API key in the environment');\nexport default function T() { return null; }\n",
    );
    put(
      'first-name.tsx',
      "import { Html, Text } from 'react-email';\nexport const subject = 'Hi';\nexport default function F({ name }: { name: string }) {\n  return <Html><Text>Hi {name.split(' ')[0]}</Text></Html>;\n}\nF.PreviewProps = { name: 'Ada Lovelace' };\n",
    );
    put(
      'no-subject.tsx',
      "import { Html, Text } from 'react-email';\nexport default function N() { return <Html><Text>Hello</Text></Html>; }\nN.PreviewProps = {};\n",
    );
    put(
      'relative.tsx',
      'import { Html, Img } from \'react-email\';\nexport const subject = \'Logo\';\nexport default function R() { return <Html><Img src="/static/missing.png" alt="x" /></Html>; }\nR.PreviewProps = {};\n',
    );
  });

  it('builds the good ones and names each bad one with its file, line and what to do', async () => {
    const out = join(dir, 'dist');
    // As a team runs it (a process of its own, its stack traces mapped to the template's lines).
    const r = await run(['build', '--out', out], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('5 templates not built');
    expect(r.stderr).toMatch(/ {2}emails\/syntax\.tsx:3:\d+: does not compile: Unexpected closing "Html" tag/);
    expect(r.stderr).toMatch(/ {2}emails\/throws\.tsx:1:\d+: throws when loaded: no API key in the environment\n/);
    expect(r.stderr).toMatch(
      / {2}emails\/first-name\.tsx:4:\d+: \.split\(\) on "name" cannot be compiled: .*pass it as a prop of its own\n/,
    );
    // The compiler's own renders (an item without its key) print no React warnings.
    expect(r.stderr).not.toContain('unique "key"');
    expect(r.stderr).toContain('emails/no-subject.tsx: has no subject: add `export const subject');
    expect(r.stderr).toContain('"/static/missing.png" has no file');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(Object.keys(manifest.templates)).toEqual(catalog.ids);
  });

  it('without assets in the config, a relative image names the URL and the keys to set', async () => {
    const file = join(dir, 'authmail.config.json');
    const raw = JSON.parse(readFileSync(file, 'utf8'));
    delete raw.assets;
    writeFileSync(`${file}.tmp`, JSON.stringify(raw));
    renameSync(`${file}.tmp`, file);
    const r = await cli(['build', '--out', join(dir, 'dist2')], dir);
    expect(r.stderr).toMatch(
      /emails\/welcome\.tsx: welcome\/en: "\/static\/logo\.png" is relative, .*set assets\.baseUrl .* and assets\.dir/,
    );
    rmSync(join(dir, 'dist2'), { recursive: true, force: true });
  });
});
