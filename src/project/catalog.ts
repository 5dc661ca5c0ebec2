/**
 * The project's templates, discovered: every file directly in `emails/`
 * (`.tsx`, `.ts`, `.jsx`, `.js`, `.mjs`) is one template, its id is the file
 * name (`emails/sign-in.tsx` → `sign-in`), and its default export is a
 * `defineEmail({ … })`. Sub-folders hold shared code. Nothing is registered
 * by hand: adding a file adds a template.
 */
import { existsSync, readdirSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type FlatField, flatten } from '../catalog/fields.ts';
import { TemplateError, UnknownTemplateError } from '../core/errors.ts';
import type { DefinedEmail } from '../email/define.ts';
import { isEmailDefinition } from '../email/marker.ts';
import { templateIdProblem } from '../runtime/manifest.ts';

export const TEMPLATE_EXTENSIONS = ['.tsx', '.ts', '.jsx', '.js', '.mjs'] as const;

export const emailsDir = (root: string) => join(root, 'emails');

export interface ProjectTemplate {
  readonly id: string;
  /** Absolute path of the template's file. */
  readonly file: string;
  readonly definition: DefinedEmail;
  /** The declaration flattened, as the manifest carries it. */
  readonly fields: readonly FlatField[];
}

export interface Catalog {
  /** Template ids in file-name order. */
  readonly ids: readonly string[];
  has(id: string): boolean;
  /** The template, or `UnknownTemplateError` naming the known ones. */
  get(id: string): ProjectTemplate;
  /** The template that answers a Logto type, if any. */
  forLogtoType(type: string): string | undefined;
}

/** The template files of the project at `root`, by id. */
export function templateFiles(root: string): string[] {
  const dir = emailsDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter(
      (e) =>
        e.isFile() &&
        (TEMPLATE_EXTENSIONS as readonly string[]).includes(extname(e.name)) &&
        !e.name.endsWith('.d.ts') &&
        !e.name.startsWith('.'),
    )
    .map((e) => join(dir, e.name))
    .sort((a, b) => (a < b ? -1 : 1));
}

const idOf = (file: string) => file.slice(file.lastIndexOf('/') + 1, -extname(file).length);

/** A catalog from template modules (their files and what they export), checked. */
export function createCatalog(modules: readonly { file: string; exports: unknown }[], root = ''): Catalog {
  const shown = (file: string) => (root ? relative(root, file) : file);
  const templates = new Map<string, ProjectTemplate>();
  const byType = new Map<string, string>();
  for (const { file, exports } of modules) {
    const id = idOf(file);
    const problem = templateIdProblem(id);
    if (problem) {
      throw new TemplateError(
        `${shown(file)}: a template's file name is its id, and "${id.length > 40 ? `${id.slice(0, 40)}…` : id}" ${problem}`,
      );
    }
    const definition = (exports as { default?: unknown } | null)?.default;
    if (!isEmailDefinition(definition)) {
      throw new TemplateError(`${shown(file)}: the default export must be defineEmail({ … }) from authmail/email`);
    }
    const other = templates.get(id);
    if (other) throw new TemplateError(`${shown(other.file)} and ${shown(file)} are both the template "${id}"`);
    const type = definition.logtoType;
    if (type !== undefined) {
      const claimed = byType.get(type);
      if (claimed) {
        throw new TemplateError(
          `${shown(templates.get(claimed)?.file ?? claimed)} and ${shown(file)} both answer the Logto type ${type}; one type, one template`,
        );
      }
      byType.set(type, id);
    }
    templates.set(id, { id, file, definition, fields: flatten(definition.variables) });
  }
  const ids = [...templates.keys()].sort((a, b) => (a < b ? -1 : 1));
  return {
    ids,
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
 * `authmail:templates`: a module that imports every template file of the project at `root` and
 * exports them as `[{ file, exports }]`. The preview's engine and `loadCatalog` bundle it.
 */
export function templatesModule(root: string): string {
  const files = templateFiles(root);
  return [
    ...files.map((file, i) => `import * as t${i} from ${JSON.stringify(file)};`),
    `export default [${files.map((file, i) => `{ file: ${JSON.stringify(file)}, exports: t${i} }`).join(', ')}];`,
  ].join('\n');
}

/**
 * Loads every template file of the project at `root`. esbuild bundles them (JSX, TypeScript, the
 * project's own shared modules; `authmail/*` from the toolkit that runs) and their dependencies load
 * natively: the project needs no tsconfig of its own, as React Email bundles its templates too.
 */
export async function loadCatalog(root: string): Promise<Catalog> {
  if (!templateFiles(root).length) {
    throw new TemplateError(`no templates in ${emailsDir(root)} (one file per template: emails/sign-in.tsx)`);
  }
  const { createTsLoader } = await import('./load-ts.mjs');
  const entry = fileURLToPath(new URL('./templates-entry.ts', import.meta.url));
  const loader = await createTsLoader<{ default: { file: string; exports: unknown }[] }>(entry, {
    virtual: { 'authmail:templates': () => templatesModule(root) },
  });
  try {
    return createCatalog((await loader.load()).exports.default, root);
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
