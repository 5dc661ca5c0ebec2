/**
 * `authmail init` and `authmail add`: files a team starts from. The default
 * content (this package's templates, locales, assets and config) is copied
 * into a new project; `add` writes a new template or locale, every message
 * marked untranslated so that `authmail check` lists it until a translator
 * has been there. Nothing is overwritten without `force`, and a refusal
 * writes nothing.
 */
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.ts';
import { canonicalTag } from '../locale/index.ts';
import { LOCALE_TAG, templateIdProblem } from '../runtime/manifest.ts';
import { emailsDir, templateFiles } from './catalog.ts';
import { UNTRANSLATED } from './untranslated.ts';

/** This package: its default content sits beside its sources. */
const TOOLKIT = fileURLToPath(new URL('../../', import.meta.url));

export interface Written {
  /** Files written, relative to the project root. */
  created: string[];
  /** What was done to files the project already had, and what was left as it was (with why). */
  notes: string[];
}

type Plan = Map<string, string | { copy: string }>;

const walk = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : [],
  );

const inside = (root: string, path: string) => path === root || path.startsWith(`${root}${sep}`);

/**
 * The first symbolic link on the way from `root` to `file` that leads outside the project (a dangling
 * one included: writing through it would create its target), or undefined.
 */
function linkOutside(root: string, file: string): { link: string; target: string } | undefined {
  const realRoot = realpathSync(root);
  let at = root;
  for (const part of file.split(/[\\/]/)) {
    at = join(at, part);
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(at);
    } catch {
      return undefined; // nothing there yet: what follows is created inside
    }
    if (!stat.isSymbolicLink()) continue;
    const target = resolve(dirname(at), readlinkSync(at));
    let real = target;
    try {
      real = realpathSync(target);
    } catch {
      // dangling: its target is where the write would land
    }
    if (!inside(realRoot, real) && !inside(root, real)) return { link: relative(root, at), target };
  }
  return undefined;
}

/** Writes every file of `plan` under `root`, or nothing when one exists (unless `force`) or leads outside. */
function write(root: string, plan: Plan, force: boolean, notes: string[] = []): Written {
  for (const file of plan.keys()) {
    const out = linkOutside(root, file);
    if (out) {
      throw new UsageError(
        `${out.link} is a symbolic link to ${out.target}, outside the project; nothing was written (replace the link, or run where it is not)`,
      );
    }
  }
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

/** A project file's JSON, or one line naming the file and where it breaks. */
function readJson(root: string, file: string): Record<string, unknown> {
  const text = readFileSync(join(root, file), 'utf8');
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    throw new Error('it is not a JSON object');
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}); nothing was written`);
  }
}

/** A tsconfig's JSON (comments and trailing commas allowed, as TypeScript reads it), or undefined. */
function readTsconfig(path: string): Record<string, unknown> | undefined {
  const text = readFileSync(path, 'utf8')
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** npm's placeholder (`npm init -y`): a test script that only fails. */
const NPM_PLACEHOLDER_TEST = /^echo "Error: no test specified" && exit 1$/;

/** The scripts init wants, by their plain names. */
const PACKAGE_SCRIPTS = {
  build: 'authmail build',
  dev: 'authmail dev',
  test: 'authmail check --strict && authmail test:visual',
} as const;

type ScriptName = keyof typeof PACKAGE_SCRIPTS;

const GITIGNORE = ['node_modules/', '/dist/', '/outbox/', '/export/', '/test-results/', '/preview-build/'];

/** `node_modules`, `/node_modules` and `node_modules/` ignore the same folder here. */
const ignoreKey = (line: string) => line.trim().replace(/^\//, '').replace(/\/$/, '');

/** The compiler options the templates type-check with (esbuild bundles them: the bundler's resolution). */
const EMAIL_COMPILER_OPTIONS = {
  target: 'ES2023',
  module: 'ESNext',
  moduleResolution: 'Bundler',
  jsx: 'react-jsx',
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  allowImportingTsExtensions: true,
  types: [],
};
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

/** How a script is run: `npm test`, `npm run emails:dev`. */
export const npmRun = (script: string) => (script === 'test' ? 'npm test' : `npm run ${script}`);

const PROJECT_README = (scripts: Record<ScriptName, string>) => `# Emails

The sign-in emails of this product, built with [authmail](https://www.npmjs.com/package/authmail).

| what | where |
|---|---|
| templates, one file each (the file name is the id) | \`emails/\` |
| texts, one folder per language | \`locales/<tag>/\` |
| logos | \`assets/\` |
| brand, sending, serving | \`authmail.config.ts\` |
| visual baselines | \`tests/visual/baselines/\` (recorded by the first local test run; review and commit them) |

\`\`\`sh
${npmRun(scripts.dev).padEnd(37)}# preview every template and language in the browser
${npmRun(scripts.build).padEnd(37)}# compile the bundles the sender uses (dist/)
${npmRun(scripts.test).padEnd(37)}# the checks and the visual tests, as CI runs them (the first run records the visual baselines)
npx authmail add template <id>       # a new template, its texts marked untranslated
npx authmail add locale <tag>        # a new language, copied from the default one
npx authmail send --template sign-in --to you@example.com --var code=123456
\`\`\`

Upgrading authmail (\`npm update authmail\`) leaves everything here as it is.
`;

/** What `authmail init` did, for its report. */
export interface InitReport extends Written {
  /** The script names to run (`dev`, or `emails:dev` where the project had its own `dev`). */
  scripts: Record<ScriptName, string>;
}

/** `authmail init [dir]`: the default content, and what a project needs around it, completed where it exists. */
export function initProject(root: string, options: { force?: boolean } = {}): InitReport {
  const plan: Plan = new Map();
  const notes: string[] = [];
  for (const folder of ['emails', 'locales', 'assets']) {
    const from = join(TOOLKIT, folder);
    for (const file of walk(from)) plan.set(join(folder, relative(from, file)), { copy: file });
  }
  plan.set('authmail.config.ts', { copy: join(TOOLKIT, 'authmail.config.ts') });
  plan.set('.github/workflows/emails.yml', CI_WORKFLOW);
  const toolkit = JSON.parse(readFileSync(join(TOOLKIT, 'package.json'), 'utf8')) as {
    version: string;
    devDependencies: Record<string, string>;
  };
  // What the templates need to type-check: React's types and a compiler, in the toolkit's tested versions.
  const typeDeps = {
    '@types/react': toolkit.devDependencies['@types/react'] ?? '^19',
    typescript: toolkit.devDependencies.typescript ?? '^6',
  };

  // package.json: completed in place. A script of the project's own is kept, and ours goes beside it.
  const scripts = {} as Record<ScriptName, string>;
  const hasPackage = existsSync(join(root, 'package.json'));
  const pkg: Record<string, unknown> = hasPackage
    ? readJson(root, 'package.json')
    : {
        name:
          basename(root)
            .toLowerCase()
            .replace(/[^a-z0-9-]+/g, '-') || 'emails',
        private: true,
        type: 'module',
      };
  const theirs = { ...((pkg.scripts as Record<string, string> | undefined) ?? {}) };
  for (const [name, command] of Object.entries(PACKAGE_SCRIPTS) as [ScriptName, string][]) {
    const current = theirs[name];
    if (current === undefined || current === command) {
      theirs[name] = command;
      scripts[name] = name;
      if (hasPackage && current === undefined) notes.push(`package.json: added the script "${name}" (${command})`);
    } else if (name === 'test' && NPM_PLACEHOLDER_TEST.test(current)) {
      theirs[name] = command;
      scripts[name] = name;
      notes.push(`package.json: replaced npm's placeholder "test" script with ${command}`);
    } else {
      const ours = `emails:${name}`;
      if (theirs[ours] === undefined) theirs[ours] = command;
      scripts[name] = ours;
      notes.push(`package.json: kept your "${name}" script; added "${ours}" (${command})`);
    }
  }
  pkg.scripts = theirs;
  const dev = { ...((pkg.devDependencies as Record<string, string> | undefined) ?? {}) };
  const deps = (pkg.dependencies as Record<string, string> | undefined) ?? {};
  if (!hasPackage) dev.authmail = `^${toolkit.version}`;
  for (const [name, range] of Object.entries(typeDeps)) {
    if (dev[name] === undefined && deps[name] === undefined) {
      dev[name] = range;
      if (hasPackage)
        notes.push(`package.json: added ${name}@${range} to devDependencies (the templates' types; run npm install)`);
    }
  }
  pkg.devDependencies = dev;
  plan.set('package.json', json(pkg));

  // tsconfig: a project's own is kept; the templates get one of their own beside it.
  if (!existsSync(join(root, 'tsconfig.json'))) {
    plan.set(
      'tsconfig.json',
      json({ compilerOptions: EMAIL_COMPILER_OPTIONS, include: ['emails', 'authmail.config.ts'] }),
    );
  } else {
    plan.set(
      'emails/tsconfig.json',
      json({ compilerOptions: EMAIL_COMPILER_OPTIONS, include: ['.', '../authmail.config.ts'] }),
    );
    const own = readTsconfig(join(root, 'tsconfig.json'));
    const jsx = (own?.compilerOptions as Record<string, unknown> | undefined)?.jsx;
    const include = own?.include as string[] | undefined;
    const exclude = (own?.exclude as string[] | undefined) ?? [];
    const coversEmails =
      !include || include.some((p) => p === '.' || p === './' || p.startsWith('**') || /^(\.\/)?emails\b/.test(p));
    const excludesEmails = exclude.some((p) => /^(\.\/)?emails\/?(\*\*)?$/.test(p));
    notes.push('tsconfig.json: kept yours; emails/tsconfig.json type-checks the templates (npx tsc -p emails)');
    if (coversEmails && !excludesEmails && jsx !== 'react-jsx' && jsx !== 'react-jsxdev') {
      notes.push(
        'tsconfig.json: it also compiles emails/, which needs "jsx": "react-jsx"; add that, or "exclude": ["emails"] (emails/tsconfig.json covers them)',
      );
    }
  }

  const ignorePath = join(root, '.gitignore');
  const ignored = existsSync(ignorePath) ? readFileSync(ignorePath, 'utf8') : '';
  const have = new Set(ignored.split(/\r?\n/).map(ignoreKey));
  const missing = GITIGNORE.filter((line) => !have.has(ignoreKey(line)));
  if (missing.length) {
    plan.set('.gitignore', `${ignored}${ignored && !ignored.endsWith('\n') ? '\n' : ''}${missing.join('\n')}\n`);
    if (ignored) notes.push(`.gitignore: added ${missing.join(', ')}`);
  }
  if (!existsSync(join(root, 'README.md')) && !lexists(join(root, 'README.md')))
    plan.set('README.md', PROJECT_README(scripts));
  else {
    plan.set('EMAILS.md', PROJECT_README(scripts));
    notes.push("README.md: kept yours; the emails' notes are in EMAILS.md");
  }

  // package.json and .gitignore are completed in place; the rest must not exist yet.
  const completed = new Set(['package.json', '.gitignore']);
  const fresh: Plan = new Map([...plan].filter(([file]) => !completed.has(file) || !existsSync(join(root, file))));
  const done = (file: string) => completed.has(file) && existsSync(join(root, file));
  // Checked together, so that a refusal writes nothing at all.
  for (const file of [...plan.keys()].filter(done)) {
    const out = linkOutside(root, file);
    if (out)
      throw new UsageError(`${out.link} is a symbolic link to ${out.target}, outside the project; nothing was written`);
  }
  const written = write(root, fresh, options.force === true, notes);
  for (const file of [...plan.keys()].filter(done)) {
    if (written.created.includes(file)) continue;
    writeFileSync(join(root, file), plan.get(file) as string);
    written.created.push(file);
  }
  return { ...written, scripts };
}

/** Whether anything, a dangling link included, is at `path`. */
function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
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
  const problem = templateIdProblem(id);
  if (problem)
    throw new UsageError(`"${id.length > 40 ? `${id.slice(0, 40)}…` : id}" cannot be a template id: it ${problem}`);
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
  const canonical = LOCALE_TAG.test(tag) ? canonicalTag(tag) : undefined;
  if (!canonical) throw new UsageError(`"${tag}" is not a locale tag (like nl or pt-BR)`);
  const locales = projectLocales(root, defaultLocale);
  // One locale, one folder: `NL` beside `nl` would be a second, untranslated copy of it.
  const same = locales.find((t) => t.toLowerCase() === canonical.toLowerCase());
  if (same && !options.force)
    throw new UsageError(`locales/${same}/ exists already (${tag} is ${canonical}); nothing was written`);
  const from = join(root, 'locales', defaultLocale);
  const plan: Plan = new Map();
  for (const file of readdirSync(from)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const messages = JSON.parse(readFileSync(join(from, file), 'utf8')) as Record<string, unknown>;
    plan.set(`locales/${canonical}/${file}`, json(mark(messages)));
  }
  return write(root, plan, options.force === true, [
    ...(canonical !== tag ? [`${tag} is written ${canonical} (the tag's canonical form, which sends match)`] : []),
    `translate locales/${canonical}/*.json (remove the ${UNTRANSLATED.trim()} marks as you go); \`authmail check\` lists what is left`,
    `visual baselines for ${canonical}: npx authmail test:visual --update --locale ${canonical}`,
  ]);
}
