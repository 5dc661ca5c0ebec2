/**
 * `authmail init` and `authmail add`: files a team starts from. The default
 * content (this package's templates, locales, assets and config) is copied
 * into a new project; `add` writes a new template or locale, every message
 * marked untranslated so that `authmail check` lists it until a translator
 * has been there. Nothing is overwritten without `force`, and a refusal
 * writes nothing.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.ts';
import { LOCALE_TAG, TEMPLATE_ID } from '../runtime/manifest.ts';
import { emailsDir, templateFiles } from './catalog.ts';
import { UNTRANSLATED } from './untranslated.ts';

/** This package: its default content sits beside its sources. */
const TOOLKIT = fileURLToPath(new URL('../../', import.meta.url));

export interface Written {
  /** Files written, relative to the project root. */
  created: string[];
  /** Files left as they were, with what to do about them. */
  notes: string[];
}

type Plan = Map<string, string | { copy: string }>;

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );

/** Writes every file of `plan` under `root`, or nothing when one exists (unless `force`). */
function write(root: string, plan: Plan, force: boolean, notes: string[] = []): Written {
  const taken = [...plan.keys()].filter((file) => existsSync(join(root, file)));
  if (taken.length && !force) {
    throw new UsageError(
      `would overwrite ${taken.length} file${taken.length === 1 ? '' : 's'} (${taken.slice(0, 5).join(', ')}${taken.length > 5 ? ', …' : ''}); nothing was written. --force overwrites them.`,
    );
  }
  for (const [file, content] of plan) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    if (typeof content === 'string') writeFileSync(path, content);
    else cpSync(content.copy, path);
  }
  return { created: [...plan.keys()], notes };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const PACKAGE_SCRIPTS = {
  build: 'authmail build',
  dev: 'authmail dev',
  test: 'authmail check --strict && authmail test:visual',
};

const GITIGNORE = ['node_modules/', '/dist/', '/outbox/', '/export/', '/test-results/'];

const CI_WORKFLOW = `# Checks every email on each push: client support, links, accessibility, spam
# heuristics, locales (authmail check), and screenshots against the committed
# baselines (authmail test:visual). Chromium comes from the runner's apt.
name: emails
on: [push, pull_request]
jobs:
  emails:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with: { node-version: 20 }
      - run: sudo apt-get update && sudo apt-get install -y chromium fonts-noto-core fonts-noto-cjk fonts-liberation2 fonts-dejavu-core
      - run: npm ci
      - run: npx authmail build
      - run: npx authmail check --strict
      - run: npx authmail test:visual
      - uses: actions/upload-artifact@v4
        if: failure()
        with: { name: visual-report, path: test-results/visual }
`;

const PROJECT_README = `# Emails

The sign-in emails of this product, built with [authmail](https://www.npmjs.com/package/authmail).

| what | where |
|---|---|
| templates, one file each (the file name is the id) | \`emails/\` |
| texts, one folder per language | \`locales/<tag>/\` |
| logos | \`assets/\` |
| brand, sending, serving | \`authmail.config.ts\` |
| visual baselines | \`tests/visual/baselines/\` (\`npx authmail test:visual --update\`, then review and commit) |

\`\`\`sh
npm run dev                          # preview every template and language in the browser
npm run build                        # compile the bundles the sender uses (dist/)
npm test                             # the checks and the visual tests, as CI runs them
npx authmail add template <id>       # a new template, its texts marked untranslated
npx authmail add locale <tag>        # a new language, copied from the default one
npx authmail send --template sign-in --to you@example.com --var code=123456
\`\`\`

Upgrading authmail (\`npm update authmail\`) leaves everything here as it is.
`;

/** `authmail init [dir]`: the default content and the files around it. */
export function initProject(root: string, options: { force?: boolean } = {}): Written {
  const plan: Plan = new Map();
  const notes: string[] = [];
  for (const folder of ['emails', 'locales', 'assets']) {
    const from = join(TOOLKIT, folder);
    for (const file of walk(from)) plan.set(join(folder, relative(from, file)), { copy: file });
  }
  plan.set('authmail.config.ts', { copy: join(TOOLKIT, 'authmail.config.ts') });
  plan.set('.github/workflows/emails.yml', CI_WORKFLOW);
  // Files a project may already have are completed, not replaced.
  const pkgPath = join(root, 'package.json');
  if (existsSync(pkgPath)) {
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as Record<string, unknown>;
    const scripts = { ...PACKAGE_SCRIPTS, ...(pkg.scripts as Record<string, string> | undefined) };
    const added = Object.keys(PACKAGE_SCRIPTS).filter((k) => !(pkg.scripts as Record<string, string>)?.[k]);
    if (added.length) {
      pkg.scripts = scripts;
      plan.set('package.json', json(pkg));
    }
    if (pkg.type !== 'module') notes.push('package.json: set "type": "module" (the templates are ES modules)');
  } else {
    const version = (JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as { version: string }).version;
    plan.set(
      'package.json',
      json({
        name:
          basename(root)
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-') || 'emails',
        private: true,
        type: 'module',
        scripts: PACKAGE_SCRIPTS,
        devDependencies: { authmail: `^${version}` },
      }),
    );
  }
  if (!existsSync(join(root, 'tsconfig.json'))) {
    plan.set(
      'tsconfig.json',
      json({
        compilerOptions: {
          target: 'ES2023',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          jsx: 'react-jsx',
          strict: true,
          noEmit: true,
          allowImportingTsExtensions: true,
          skipLibCheck: true,
        },
        include: ['emails', 'authmail.config.ts'],
      }),
    );
  }
  const ignorePath = join(root, '.gitignore');
  const ignored = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : '';
  const missing = GITIGNORE.filter((line) => !ignored.split('\n').includes(line));
  if (missing.length)
    plan.set('.gitignore', `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
  if (!existsSync(join(root, 'README.md'))) plan.set('README.md', PROJECT_README);
  else plan.set('EMAILS.md', PROJECT_README);
  // package.json and .gitignore are completed in place; the rest must not exist yet.
  const completed = new Set(['package.json', '.gitignore']);
  const fresh: Plan = new Map([...plan].filter(([file]) => !completed.has(file) || !existsSync(join(root, file))));
  const written = write(root, fresh, options.force === true, notes);
  for (const file of completed) {
    const content = plan.get(file);
    if (typeof content === 'string' && existsSync(join(root, file))) {
      writeFileSync(join(root, file), content);
      written.created.push(file);
    }
  }
  return written;
}

/** The default locale of a project, and its other locales (folders of `locales/`). */
function projectLocales(root: string, defaultLocale: string): string[] {
  const dir = join(root, 'locales');
  const tags = existsSync(dir)
    ? readdirSync(dir).filter((t) => LOCALE_TAG.test(t) && statSync(join(dir, t)).isDirectory())
    : [];
  if (!tags.includes(defaultLocale)) {
    throw new UsageError(
      `the project has no locales/${defaultLocale}/ (its default locale); run \`authmail init\` first`,
    );
  }
  return [defaultLocale, ...tags.filter((t) => t !== defaultLocale).sort()];
}

const mark = (messages: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(messages).map(([k, v]) => [
      k,
      typeof v === 'string' && !v.startsWith(UNTRANSLATED) ? `${UNTRANSLATED}${v}` : v,
    ]),
  );

const STARTER_MESSAGES = {
  subject: 'Your {app} code',
  preheader: 'Use this code in {app}. It expires in {time}.',
  heading: 'Your code for {app}',
  intro: 'Enter this code in {app} to continue.',
  notYou: 'If you didn’t ask for this code, you can ignore this email.',
};

const starterTemplate = (
  id: string,
) => `import { CodeEmail, code, codePreheader, codeSubject, defineEmail, logto } from 'authmail/email';

// ${id}: written by \`authmail add template\`. Declare what it reads, give sample values, write its body.
export default defineEmail({
  when: 'Describe when ${id} is sent.',
  variables: { code: code('The one-time code'), ...logto.expiry, ...logto.localeFields },
  sample: { code: '123456' },
  subject: codeSubject,
  preheader: codePreheader,
  Body: ({ s }) => <CodeEmail s={s} />,
});
`;

/** `authmail add template <id>`: the template file and its messages in every locale, marked untranslated. */
export function addTemplate(
  root: string,
  id: string,
  defaultLocale: string,
  options: { force?: boolean } = {},
): Written {
  if (!TEMPLATE_ID.test(id))
    throw new UsageError(`"${id}" is not a template id: kebab-case letters and digits, like magic-link`);
  const existing = templateFiles(root).find((f) => basename(f).replace(/\.[^.]+$/, '') === id);
  if (existing && !options.force)
    throw new UsageError(`${relative(root, existing)} already exists; nothing was written`);
  const plan: Plan = new Map([[relative(root, join(emailsDir(root), `${id}.tsx`)), starterTemplate(id)]]);
  for (const tag of projectLocales(root, defaultLocale))
    plan.set(`locales/${tag}/${id}.json`, json(mark(STARTER_MESSAGES)));
  return write(root, plan, options.force === true, [
    `write the body in emails/${id}.tsx and the texts in locales/*/${id}.json (remove the ${UNTRANSLATED.trim()} marks as you go)`,
    `preview it: npx authmail dev  ·  check it: npx authmail check --template ${id}`,
  ]);
}

/** `authmail add locale <tag>`: the default locale's files copied, every message marked untranslated. */
export function addLocale(
  root: string,
  tag: string,
  defaultLocale: string,
  options: { force?: boolean } = {},
): Written {
  let valid = LOCALE_TAG.test(tag);
  try {
    new Intl.Locale(tag);
  } catch {
    valid = false;
  }
  if (!valid) throw new UsageError(`"${tag}" is not a locale tag (like nl or pt-BR)`);
  projectLocales(root, defaultLocale);
  const from = join(root, 'locales', defaultLocale);
  const plan: Plan = new Map();
  for (const file of readdirSync(from)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const messages = JSON.parse(readFileSync(join(from, file), 'utf8')) as Record<string, unknown>;
    plan.set(`locales/${tag}/${file}`, json(mark(messages)));
  }
  return write(root, plan, options.force === true, [
    `translate locales/${tag}/*.json (remove the ${UNTRANSLATED.trim()} marks as you go); \`authmail check\` lists what is left`,
    `visual baselines for ${tag}: npx authmail test:visual --update --locale ${tag}`,
  ]);
}
