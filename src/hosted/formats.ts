/**
 * What a provider's data needs of a bundle email's formats, read once per email (a hosted send asks at
 * every send):
 *
 * - dates the template formats at send time with Intl (`{{path:datetime:…}}`): a provider's template
 *   prints what it is given, so the data carries them already formatted, as the runtime formats them —
 *   in the email's locale and the send's time zone;
 * - a code in groups (`{{code:group}}`): the exported HTML prints it whole, and authmail's own hosted
 *   sends give the groups' markup as its escaped copy (`html.code`), so their bytes equal the runtime's.
 *
 * Other formats (numbers, case) keep a template from being exported (export/templates.ts).
 */
import { BundleError } from '../core/errors.ts';
import type { EmailSource } from '../runtime/bundle.ts';
import { type Formatter, formatter, type RenderContext } from '../runtime/format.ts';
import { tokenize } from '../runtime/program.ts';

/** Formats an export prints as given: the data holds the formatted value (datetime) or the raw one (group). */
export const EXPORTED_FORMATS = new Set(['isolate', 'group', 'datetime']);

type Parts = Pick<EmailSource, 'subject' | 'html' | 'text' | 'preview'>;

export interface SourceFormats {
  /** Each date the template formats, by path. */
  readonly formats: ReadonlyMap<string, Formatter>;
  /** Paths the HTML prints only as a grouped code (one printed plainly too keeps a plain copy). */
  readonly grouped: ReadonlySet<string>;
}

const read = new WeakMap<Parts, SourceFormats>();

/** The formats of one bundle email; a date formatted two ways cannot be exported (a BundleError says so). */
export function sourceFormats(source: Parts, where: string): SourceFormats {
  let hit = read.get(source);
  if (hit) return hit;
  const args = new Map<string, string>();
  const formats = new Map<string, Formatter>();
  for (const part of [source.subject, source.html, source.text, source.preview]) {
    for (const t of part ? tokenize(part, where) : []) {
      if (t.type !== 'value' || t.format?.name !== 'datetime') continue;
      const before = args.get(t.value);
      if (before !== undefined && before !== t.format.args) {
        throw new BundleError(
          `${where}: "${t.value}" is formatted two ways (${before || 'default'}, ${t.format.args || 'default'}); a provider's data holds one text for it`,
        );
      }
      args.set(t.value, t.format.args);
      formats.set(t.value, formatter(t.format.name, t.format.args, where));
    }
  }
  const grouped = new Set<string>();
  const plain = new Set<string>();
  for (const t of tokenize(source.html, where)) {
    if (t.type === 'value') (t.format?.name === 'group' ? grouped : plain).add(t.value);
  }
  for (const path of plain) grouped.delete(path);
  hit = { formats, grouped };
  read.set(source, hit);
  return hit;
}

/** A value as the data carries it: formatted when the template formats it at send time. */
export const dataValue = (
  formats: ReadonlyMap<string, Formatter>,
  path: string,
  value: string,
  context: RenderContext,
): string => formats.get(path)?.(value, context) ?? value;
