/**
 * The project's templates, discovered (discover.ts) and loaded. A template
 * is either a `defineEmail({ … })` (authmail's model: locales, Logto type,
 * frame) or a plain React component as React Email expects it (with
 * `PreviewProps`; compiled to slots by render/react-email). Nothing is
 * registered by hand: adding a file adds a template.
 *
 * One bad template never stops the others: a file that does not compile or
 * throws when loaded, a bad id, two files claiming one id or one Logto type
 * — each becomes a problem naming its file (and line), and every other
 * template loads.
 */
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FlatField, flatten } from '../catalog/fields.ts';
import { TemplateError, UnknownTemplateError } from '../core/errors.ts';
import type { DefinedEmail } from '../email/define.ts';
import { isEmailDefinition } from '../email/marker.ts';
import { templateIdProblem } from '../runtime/manifest.ts';
import { emailsDir, templateFiles, templateIdOf } from './discover.ts';
import { type ReactEmailDefinition, reactDefinition } from './react-template.ts';

export { emailsDir, TEMPLATE_EXTENSIONS, templateFiles } from './discover.ts';

interface TemplateBase {
  readonly id: string;
  /** Absolute path of the template's file. */
  readonly file: string;
  /** The declaration flattened, as the manifest carries it. */
  readonly fields: readonly FlatField[];
}

/** A `defineEmail` template: translated, in the toolkit's frame or its own. */
export interface DefineTemplate extends TemplateBase {
  readonly kind: 'define';
  readonly definition: DefinedEmail;
}

/** A React Email component, compiled to slots from its props; one locale. */
export interface ReactTemplate extends TemplateBase {
  readonly kind: 'react';
  readonly definition: ReactEmailDefinition;
}

export type ProjectTemplate = DefineTemplate | ReactTemplate;

/** A template file that could not be used, and why (with its line where one is known). */
export interface TemplateProblem {
  /** The file, relative to the project root. */
  readonly file: string;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  readonly message: string;
}

/** `emails/x.tsx:12:5: message` */
export const problemLine = (p: TemplateProblem) =>
  `${p.file}${p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : ''}: ${p.message}`;

export interface Catalog {
  /** Template ids in id order. */
  readonly ids: readonly string[];
  has(id: string): boolean;
  /** The template, or `UnknownTemplateError` naming the known ones. */
  get(id: string): ProjectTemplate;
  /** The template that answers a Logto type, if any. */
  forLogtoType(type: string): string | undefined;
  /** Files that are not templates because something is wrong with them. */
  readonly problems: readonly TemplateProblem[];
}

/** A loaded candidate: its exports, or what went wrong loading it. */
export interface LoadedFile {
  readonly file: string;
  readonly exports?: unknown;
  readonly error?: TemplateProblem | undefined;
}

const isComponent = (value: unknown): value is (props: Record<string, unknown>) => unknown =>
  typeof value === 'function' ||
  (typeof value === 'object' && value !== null && typeof (value as { render?: unknown }).render === 'function');

/** A catalog from loaded template modules, checked; problems collected, never thrown. */
export function createCatalog(
  loaded: readonly LoadedFile[],
  root = '',
  known: readonly TemplateProblem[] = [],
): Catalog {
  const shown = (file: string) => (root ? relative(root, file) : file);
  const problems: TemplateProblem[] = [...known];
  const templates = new Map<string, ProjectTemplate>();
  const byType = new Map<string, string>();
  for (const { file, exports, error } of loaded) {
    if (error) {
      problems.push(error);
      continue;
    }
    const module = (exports ?? {}) as Record<string, unknown>;
    const value = module.default;
    const id = root ? templateIdOf(root, file) : file.slice(file.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
    let template: ProjectTemplate;
    if (isEmailDefinition(value)) {
      template = { kind: 'define', id, file, definition: value, fields: flatten(value.variables) };
    } else if (isComponent(value)) {
      const made = reactDefinition(module, value, shown(file));
      if ('problem' in made) {
        problems.push({ file: shown(file), message: made.problem });
        continue;
      }
      template = { kind: 'react', id, file, definition: made.definition, fields: flatten(made.definition.variables) };
    } else {
      continue; // shared code: a config, a theme, helpers
    }
    const idProblem = templateIdProblem(id);
    if (idProblem) {
      problems.push({
        file: shown(file),
        message: `its id "${id.length > 40 ? `${id.slice(0, 40)}…` : id}" (from its path) ${idProblem}`,
      });
      continue;
    }
    const other = templates.get(id);
    if (other) {
      problems.push({
        file: shown(file),
        message: `${shown(other.file)} is the template "${id}" too (ids come from paths); rename one`,
      });
      continue;
    }
    const type = template.definition.logtoType;
    if (type !== undefined) {
      const claimed = byType.get(type);
      if (claimed) {
        problems.push({
          file: shown(file),
          message: `${shown(templates.get(claimed)?.file ?? claimed)} answers the Logto type ${type} already; one type, one template`,
        });
        continue;
      }
      byType.set(type, id);
    }
    templates.set(id, template);
  }
  const ids = [...templates.keys()].sort((a, b) => (a < b ? -1 : 1));
  return {
    ids,
    problems,
    has: (id) => templates.has(id),
    get(id) {
      const t = templates.get(id);
      if (!t) throw new UnknownTemplateError(id, ids);
      return t;
    },
    forLogtoType: (type) => byType.get(type),
  };
}

/**
 * `authmail:templates`: a module that lists every template file of the project at `root` with a loader
 * each (`load: () => import(file)`): bundled, each file's code runs only when loaded, so one that throws
 * is that template's problem alone. `excluded` files (they do not compile) are left out.
 */
export function templatesModule(root: string, excluded: ReadonlySet<string> = new Set()): string {
  const files = templateFiles(root).filter((f) => !excluded.has(f));
  return `export default [${files.map((file) => `{ file: ${JSON.stringify(file)}, load: () => import(${JSON.stringify(file)}) }`).join(', ')}];`;
}

/** The listed modules loaded one by one: an error at load is that file's problem. */
export async function loadListed(
  listed: readonly { file: string; load: () => Promise<unknown> }[],
  root: string,
): Promise<LoadedFile[]> {
  return Promise.all(
    listed.map(async ({ file, load }) => {
      try {
        return { file, exports: await load() };
      } catch (error) {
        return { file, error: loadProblem(error, file, root) };
      }
    }),
  );
}

/** A load error as a problem: the message, and the first line of the stack in one of the project's files. */
export function loadProblem(error: unknown, file: string, root: string): TemplateProblem {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? String(error);
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  const at = /\(?(?:file:\/\/)?(\/[^():]+):(\d+):(\d+)\)?/.exec(
    stack
      .split('\n')
      .filter((l) => l.includes(root) && !l.includes('node_modules'))
      .join('\n'),
  );
  const where = at?.[1] && at[1] !== file ? ` (in ${relative(root, at[1])}:${at[2]})` : '';
  return {
    file: relative(root, file),
    ...(at?.[1] === file ? { line: Number(at[2]), column: Number(at[3]) } : {}),
    message: `throws when loaded: ${message}${where}`,
  };
}

/** esbuild's errors as problems of the template `file` (an error in a shared file names it). */
export function buildProblems(
  errors: readonly { text: string; location?: { file: string; line: number; column: number } | null }[],
  file: string,
  root: string,
): TemplateProblem[] {
  return errors.slice(0, 1).map((e) => {
    // esbuild names files of the loader's namespace `project:/abs/path`.
    const at = e.location ? { ...e.location, file: e.location.file.replace(/^project:/, '') } : undefined;
    const inFile = at && (at.file === file || at.file === relative(root, file) || file.endsWith(at.file));
    return {
      file: relative(root, file),
      ...(inFile ? { line: at.line, column: at.column + 1 } : {}),
      message: `does not compile: ${e.text}${at && !inFile ? ` (in ${at.file.startsWith('/') ? relative(root, at.file) : at.file}:${at.line}:${at.column + 1})` : ''}`,
    };
  });
}

/**
 * When the bundle of every template does not compile: each template file compiled alone, the ones at fault
 * added to `excluded` (the bundle leaves them out), their problems returned.
 */
export async function excludeBroken(root: string, excluded: Set<string>): Promise<TemplateProblem[]> {
  const { probeBuild } = await import('./load-ts.mjs');
  const problems: TemplateProblem[] = [];
  for (const file of templateFiles(root)) {
    const errors = await probeBuild(file);
    if (errors.length) {
      excluded.add(file);
      problems.push(...buildProblems(errors, file, root));
    }
  }
  return problems;
}

/**
 * Loads every template file of the project at `root`. esbuild bundles them (JSX, TypeScript, the
 * project's own shared modules; `authmail/*` from the toolkit that runs) and their dependencies load
 * natively: the project needs no tsconfig of its own, as React Email bundles its templates too. When
 * the bundle does not compile, each template is compiled alone to find the ones at fault.
 */
export async function loadCatalog(root: string): Promise<Catalog> {
  if (!templateFiles(root).length) {
    throw new TemplateError(`no templates in ${emailsDir(root)} (one file per template: emails/sign-in.tsx)`);
  }
  const { createTsLoader } = await import('./load-ts.mjs');
  const entry = fileURLToPath(new URL('./templates-entry.ts', import.meta.url));
  const excluded = new Set<string>();
  const loader = await createTsLoader<{ default: { file: string; load: () => Promise<unknown> }[] }>(entry, {
    virtual: { 'authmail:templates': () => templatesModule(root, excluded) },
  });
  let known: TemplateProblem[] = [];
  try {
    let listed: { file: string; load: () => Promise<unknown> }[];
    try {
      listed = (await loader.load()).exports.default;
    } catch (error) {
      if (!(error as { errors?: unknown }).errors) throw error;
      known = await excludeBroken(root, excluded);
      listed = (await loader.load()).exports.default;
    }
    return createCatalog(await loadListed(listed, root), root, known);
  } finally {
    await loader.dispose();
  }
}

const catalogs = new Map<string, Promise<Catalog>>();

/** The catalog of the project at `root` (default: the working directory), loaded once. */
export function projectCatalog(root: string = process.cwd()): Promise<Catalog> {
  let hit = catalogs.get(root);
  if (!hit) {
    hit = loadCatalog(root);
    hit.catch(() => catalogs.delete(root));
    catalogs.set(root, hit);
  }
  return hit;
}
