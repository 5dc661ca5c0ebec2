/**
 * Values a template formats at send time with Intl (`{{path:datetime:…}}`): a provider's template prints
 * what it is given, so the data carries them already formatted, as the runtime formats them — in the
 * email's locale and the send's time zone. A code's grouping (`{{code:group}}`) needs nothing: the
 * exported HTML shows the code whole. Other formats (numbers, case) keep a template from being exported.
 */
import { BundleError } from '../core/errors.ts';
import { type Formatter, formatter, type RenderContext } from '../runtime/format.ts';
import { tokenize } from '../runtime/program.ts';

/** Formats an export prints as given: the data holds the formatted value (datetime) or the raw one (group). */
export const EXPORTED_FORMATS = new Set(['isolate', 'group', 'datetime']);
const IN_DATA = 'datetime';

/** The datetime formats of a template's parts by path; one path formatted two ways cannot be exported. */
export function dataFormats(
  source: Readonly<Record<string, string | undefined>>,
  where: string,
): Map<string, Formatter> {
  const seen = new Map<string, string>();
  const out = new Map<string, Formatter>();
  for (const part of Object.values(source)) {
    if (!part) continue;
    for (const t of tokenize(part, where)) {
      if (t.type !== 'value' || t.format?.name !== IN_DATA) continue;
      const before = seen.get(t.value);
      if (before !== undefined && before !== t.format.args) {
        throw new BundleError(
          `${where}: "${t.value}" is formatted two ways (${before || 'default'}, ${t.format.args || 'default'}); a provider's data holds one text for it`,
        );
      }
      seen.set(t.value, t.format.args);
      out.set(t.value, formatter(t.format.name, t.format.args, where));
    }
  }
  return out;
}

/** A value as the data carries it: formatted when the template formats it at send time. */
export const dataValue = (
  formats: ReadonlyMap<string, Formatter>,
  path: string,
  value: string,
  context: RenderContext,
): string => formats.get(path)?.(value, context) ?? value;

/**
 * Paths the HTML part prints only as a grouped code (`{{code:group}}`): their escaped copy (`html.code`)
 * can be the groups' markup, which a provider's template prints raw, so that authmail's own hosted sends
 * show the code as its runtime does. A path the HTML also prints plainly keeps a plain copy.
 */
export function groupedPaths(html: string, where: string): Set<string> {
  const grouped = new Set<string>();
  const plain = new Set<string>();
  for (const t of tokenize(html, where)) {
    if (t.type === 'value') (t.format?.name === 'group' ? grouped : plain).add(t.value);
  }
  for (const path of plain) grouped.delete(path);
  return grouped;
}
