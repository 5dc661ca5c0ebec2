/**
 * Which files of `emails/` are templates, by React Email's own rules (its
 * CLI's `get-emails-directory-metadata`): the folder is walked recursively;
 * folders named `static` or starting with `_` or `.` (and `node_modules`) are
 * skipped, as are files starting with `_` or `.`; a `.tsx`, `.jsx`, `.js` or
 * `.mjs` file whose text has a default export is a candidate (`.ts` never is:
 * `tailwind.config.ts` or `theme.ts` beside the templates is shared code).
 * Loading decides the rest (catalog.ts): a `defineEmail` or a component is a
 * template, any other default export is shared code.
 *
 * A template's id comes from its path: `emails/auth/MagicLink.tsx` →
 * `auth-magic-link`, `emails/welcome/index.tsx` → `welcome`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

export const TEMPLATE_EXTENSIONS = ['.tsx', '.jsx', '.js', '.mjs'] as const;

const SKIPPED_FOLDERS = new Set(['static', 'node_modules']);

/** React Email's test for a default export, on the file's text. */
const DEFAULT_EXPORT = /\bexport\s+default\b|\bmodule\.exports\s*=|\bexport\s*\{[^}]*\bdefault\b[^}]*\}/;

export const emailsDir = (root: string) => join(root, 'emails');

/** `MagicLink` → `magic-link`, `welcome_email` → `welcome-email`, `VercelInviteUser` → `vercel-invite-user`. */
export function kebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

/** The id of the template at `file` (absolute) in the project at `root`. */
export function templateIdOf(root: string, file: string): string {
  const parts = relative(emailsDir(root), file).split(sep);
  const last = (parts.pop() as string).slice(0, -extname(file).length);
  if (last !== 'index' || !parts.length) parts.push(last);
  return parts.map(kebab).join('-');
}

/** The candidate template files of the project at `root`, in path order. */
export function templateFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIPPED_FOLDERS.has(entry.name)) walk(path);
        continue;
      }
      if (!entry.isFile() || entry.name.endsWith('.d.ts')) continue;
      if (!(TEMPLATE_EXTENSIONS as readonly string[]).includes(extname(entry.name))) continue;
      try {
        if (DEFAULT_EXPORT.test(readFileSync(path, 'utf8'))) out.push(path);
      } catch {
        // unreadable: not a template
      }
    }
  };
  walk(emailsDir(root));
  return out;
}
