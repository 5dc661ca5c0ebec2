/**
 * Module-level reloads (src/project/module-graph.mjs through load-ts.mjs's `modules`): after a save only
 * the saved module and the modules importing it are evaluated again; anything the graph cannot take
 * falls back to the whole bundle, which reports errors as esbuild words them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeEach, expect, it } from 'vitest';
import { createTsLoader } from '../../src/project/load-ts.mjs';

mkdirSync('.cache', { recursive: true });
const root = mkdtempSync(resolve('.cache/module-reload-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** How many times each module ran, counted by the modules themselves. */
const runs = (globalThis as { __moduleRuns?: Record<string, number> }).__moduleRuns ?? {};
(globalThis as { __moduleRuns?: Record<string, number> }).__moduleRuns = runs;
const counted = (name: string, body: string) =>
  `(globalThis.__moduleRuns['${name}'] = (globalThis.__moduleRuns['${name}'] ?? 0) + 1);\n${body}`;

let dir = '';
let n = 0;
beforeEach(() => {
  dir = join(root, `case-${++n}`);
  mkdirSync(dir, { recursive: true });
  for (const key of Object.keys(runs)) delete runs[key];
});
const write = (file: string, text: string) => writeFileSync(join(dir, file), text);

interface Entry {
  value: string;
  token: object;
  lazy: () => Promise<{ word: string }>;
}

async function project() {
  write('a.ts', counted('a', "export const token = {};\nexport const a: string = 'a1';\n"));
  write('c.ts', counted('c', "export const c: string = 'c1';\n"));
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a module the test writes
  write('b.ts', counted('b', "import { c } from './c';\nexport const b = `b(${c})`;\n"));
  write('lazy.ts', "export const word = 'lazy1';\n");
  write(
    'entry.ts',
    counted(
      'entry',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a module the test writes
      "import { a, token } from './a.ts';\nimport { b } from './b.ts';\nexport const value = `${a}+${b}`;\nexport { token };\nexport const lazy = () => import('./lazy.ts');\n",
    ),
  );
  const loader = await createTsLoader<Entry>(join(dir, 'entry.ts'), { modules: true });
  const first = await loader.load();
  await loader.warm();
  return { loader, first };
}

it('evaluates again only the saved module and those importing it; the others keep their instances', async () => {
  const { loader, first } = await project();
  try {
    expect(first.exports.value).toBe('a1+b(c1)');
    const before = { ...runs };
    write('c.ts', counted('c', "export const c: string = 'c2';\n"));
    const next = await loader.load([join(dir, 'c.ts')]);
    expect(next.exports.value).toBe('a1+b(c2)');
    // c, b (imports c) and the entry (imports b) ran again; a did not, and is the same instance.
    expect(runs).toEqual({ ...before, c: (before.c ?? 0) + 1, b: (before.b ?? 0) + 1, entry: (before.entry ?? 0) + 1 });
    const again = await loader.load([join(dir, 'a.ts')]);
    expect(again.exports.token).not.toBe(next.exports.token);
    expect(runs.b).toBe((before.b ?? 0) + 1);
    expect(next.files.sort()).toEqual(['a.ts', 'b.ts', 'c.ts', 'entry.ts', 'lazy.ts'].map((f) => join(dir, f)));
  } finally {
    await loader.dispose();
  }
});

it("follows a saved module's new import and a dynamic import's change", async () => {
  const { loader } = await project();
  try {
    write('d.ts', counted('d', "export const d = 'd1';\n"));
    write(
      'b.ts',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source of a module the test writes
      counted('b', "import { c } from './c';\nimport { d } from './d';\nexport const b = `b(${c},${d})`;\n"),
    );
    const before = { ...runs };
    const next = await loader.load([join(dir, 'b.ts')]);
    expect(next.exports.value).toBe('a1+b(c1,d1)');
    expect(runs.a).toBe(before.a);
    expect(next.files).toContain(join(dir, 'd.ts'));

    expect((await next.exports.lazy()).word).toBe('lazy1');
    write('lazy.ts', "export const word = 'lazy2';\n");
    expect((await (await loader.load([join(dir, 'lazy.ts')])).exports.lazy()).word).toBe('lazy2');
  } finally {
    await loader.dispose();
  }
});

it('falls back to the whole bundle for a file it does not hold, a syntax error and a deleted module', async () => {
  const { loader } = await project();
  try {
    // A file the graph does not hold (a new one, the config…): the whole bundle, which runs every module.
    write('other.ts', 'export const x = 1;\n');
    const before = { ...runs };
    expect((await loader.load([join(dir, 'other.ts')])).exports.value).toBe('a1+b(c1)');
    expect(runs.a).toBe((before.a ?? 0) + 1);

    // A syntax error: esbuild's error, with the file and line.
    write('c.ts', "export const c: string = 'c3\n");
    const error = await loader.load([join(dir, 'c.ts')]).then(
      () => undefined,
      (e: { errors?: { location?: { file: string; line: number } }[] }) => e,
    );
    expect(error?.errors?.[0]?.location).toMatchObject({ file: expect.stringContaining('c.ts'), line: 1 });
    // Fixed: it loads again.
    write('c.ts', counted('c', "export const c: string = 'c4';\n"));
    expect((await loader.load([join(dir, 'c.ts')])).exports.value).toBe('a1+b(c4)');

    // A module deleted: its importer cannot resolve it, and says which.
    unlinkSync(join(dir, 'c.ts'));
    const gone = await loader.load([join(dir, 'c.ts')]).then(
      () => undefined,
      (e: { errors?: { text: string }[] }) => e,
    );
    expect(gone?.errors?.[0]?.text).toMatch(/Could not resolve "\.\/c"/);
  } finally {
    await loader.dispose();
  }
});

// In a Node process of its own: Vitest's stack traces do not read the source maps of evaluated code, Node's do.
it("names the module's own file and line in a stack trace, after a module-level reload too, keeping one source map per module", () => {
  write('boom.ts', "type T = string;\nexport const boom = (): T => {\n  throw new Error('boom');\n};\n");
  write('entry.ts', "export { boom } from './boom.ts';\n");
  const script = `
    import { writeFileSync } from 'node:fs';
    import { findSourceMap } from 'node:module';
    import { createTsLoader } from ${JSON.stringify(pathToFileURL(resolve('src/project/load-ts.mjs')).href)};
    const dir = ${JSON.stringify(dir)};
    const loader = await createTsLoader(dir + '/entry.ts', { modules: true });
    const line = (exports) => { try { exports.boom(); } catch (e) { return e.stack.split('\\n')[1]; } };
    console.log(line((await loader.load()).exports));
    await loader.warm();
    writeFileSync(dir + '/boom.ts', "type T = string;\\n// one line more\\nexport const boom = (): T => {\\n  throw new Error('boom');\\n};\\n");
    console.log(line((await loader.load([dir + '/boom.ts'])).exports));
    // Node keeps each URL's source map for good: five more saves of the module must not add URLs.
    const maps = () => Array.from({ length: 20 }, (_, i) => findSourceMap(dir + '/module-' + (i + 1) + '.js')).filter(Boolean).length;
    const before = maps();
    for (let i = 0; i < 5; i++) {
      writeFileSync(dir + '/boom.ts', "type T = string;\\n// save " + i + "\\nexport const boom = (): T => {\\n  throw new Error('boom');\\n};\\n");
      await loader.load([dir + '/boom.ts']);
    }
    console.log(before + ' ' + maps());
    await loader.dispose();
  `;
  const lines = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    .trim()
    .split('\n');
  expect(lines).toEqual([
    expect.stringContaining(`${join(dir, 'boom.ts')}:3:`),
    expect.stringContaining(`${join(dir, 'boom.ts')}:4:`),
    expect.stringMatching(/^([1-9]\d*) \1$/),
  ]);
});
