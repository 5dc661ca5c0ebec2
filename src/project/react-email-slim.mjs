// @ts-check
/**
 * React Email's index without its heavy parts. `react-email`'s index.mjs
 * imports every component module and re-exports them; Prism (CodeBlock),
 * Marked (Markdown) and Tailwind cost ~250 ms to load. A project file that
 * uses none of them gets this module instead: the same component modules,
 * imported one by one as React Email's own index lists them, plus its
 * renderer — the same instances the whole index would give.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

/** Exports that need the heavy modules. */
const HEAVY_NAMES =
  /\b(CodeBlock|CodeInline|Markdown|Tailwind|pixelBasedPreset|inlineStyles|sanitizeStyleSheet|setupTailwind)\b/;
const HEAVY_FILES = /code-block|code-inline|markdown|tailwind/;

/**
 * Whether a source file needs React Email's whole index: it names a heavy export, or re-exports
 * the index.
 * @param {string} code
 */
export const needsFullIndex = (code) => HEAVY_NAMES.test(code) || /export\s*\*\s*from\s*['"]react-email['"]/.test(code);

/** @type {{ source: string, names: string[] } | undefined} */
let slim;

/**
 * The slim module's source (absolute imports of React Email's component files) and the names it
 * exports besides the renderer's.
 * @returns {{ source: string, names: string[] }}
 */
export function slimReactEmail() {
  if (!slim) {
    const index = require.resolve('react-email').replace(/index\.cjs$/, 'index.mjs');
    const base = pathToFileURL(dirname(index)).href;
    const lines = readFileSync(index, 'utf8')
      .split('\n')
      .filter((line) => /^import \{[^}]*\} from "\.\/[^"]+";$/.test(line) && !HEAVY_FILES.test(line));
    const names = lines.flatMap((line) =>
      (line.match(/\{([^}]*)\}/)?.[1] ?? '')
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
    );
    if (names.length === 0) {
      throw new Error(
        `react-email's index (${index}) no longer lists its component modules as import lines: authmail's slim loader (src/project/react-email-slim.mjs) needs an update`,
      );
    }
    slim = {
      source: [
        ...lines.map((line) => line.replace(/"\.\//, `"${base}/`)),
        `export * from '@react-email/render';`,
        `export { ${names.join(', ')} };`,
      ].join('\n'),
      names,
    };
  }
  return slim;
}
