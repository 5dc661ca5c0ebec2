/**
 * One exported template per template × locale and target, in the dialect of
 * the target's provider (src/providers/), with notes on what the target
 * cannot express; `files` writes the bundle's own slot syntax.
 */

import { UsageError } from '../core/errors.ts';
import { dataSchema, exampleData } from '../hosted/contract.ts';
import { bakedExpiry, DEFAULT_CODE_LIFETIME, EXPIRES_IN, EXPIRES_IN_MINUTES } from '../hosted/expiry.ts';
import { EXPORTED_FORMATS, sourceFormats } from '../hosted/formats.ts';
import { templateName } from '../hosted/names.ts';
import { alwaysPresentPaths, sourceTrees } from '../hosted/tree.ts';
import { type ExportedTemplate, type ExportOptions, files } from '../hosted/types.ts';
import { type HostName, TEMPLATE_HOSTS, templateHost } from '../providers/index.ts';
import type { Bundle } from '../runtime/bundle.ts';

export const EXPORT_TARGETS = [...TEMPLATE_HOSTS.map((p) => p.name), 'files'] as [...HostName[], 'files'];
export type ExportTarget = HostName | 'files';

export { templateName } from '../hosted/names.ts';
export type { ExportedTemplate, ExportOptions } from '../hosted/types.ts';

export function exportTemplate(
  bundle: Bundle,
  template: string,
  locale: string,
  target: ExportTarget,
  options: ExportOptions = {},
): ExportedTemplate {
  // A provider's language cannot repeat items or format at send time: refused, never exported wrong.
  const refused = target === 'logto' ? undefined : unexportable(bundle, target, [template])[0];
  if (refused) throw new UsageError(refused.reason);
  const source = bundle.source(template, locale);
  const name = templateName(template, locale);
  const logtoType = bundle.manifest.templates[template]?.logtoType ?? '';
  const trees = sourceTrees(source, `${template}/${locale}`, {
    isolate: target === 'logto' ? 'in-template' : 'in-data',
  });
  const dialect = target === 'files' ? files : templateHost(target).templates.dialect;
  const declared = bundle.manifest.templates[template]?.variables.find((f) => f.path === EXPIRES_IN_MINUTES);

  const expiry = bakedExpiry(locale, options.codeLifetime ?? declared?.default ?? DEFAULT_CODE_LIFETIME);
  const hasExpiry = Object.values(source).some((part) => part.includes(`{{${EXPIRES_IN}}}`));
  const manifestTemplate = bundle.manifest.templates[template];
  const alwaysPresent = alwaysPresentPaths(manifestTemplate?.variables ?? []);
  const out = dialect.export({
    name,
    template,
    locale,
    logtoType,
    source,
    trees,
    options,
    expiry,
    hasExpiry,
    alwaysPresent,
  });
  const data =
    dialect.data && manifestTemplate
      ? {
          schema: dataSchema(name, manifestTemplate, dialect.data, out.variables, out.fallbacks),
          example: exampleData(manifestTemplate, dialect.data, out.variables, {
            locale,
            formats: sourceFormats(source, `${template}/${locale}`).formats,
          }),
        }
      : undefined;
  return { name, template, locale, logtoType, ...out, ...(data ? { data } : {}) };
}

/** Why a template is not exported to a target, in one sentence a reviewer can act on. */
export interface Unexportable {
  readonly template: string;
  readonly reason: string;
}

/**
 * Templates a target cannot take: for Logto, those without a Logto type (Logto sends only its own types);
 * for a provider's template language, those that need what only authmail's runtime does at send time —
 * a list (Handlebars and Mustachio loops cannot read authmail's escaped copies of each item), a number or
 * a case change formatted at send time, or a date formatted two ways (the data holds one text for it).
 */
export function unexportable(bundle: Bundle, target: ExportTarget, only?: readonly string[]): Unexportable[] {
  const out: Unexportable[] = [];
  for (const [id, t] of Object.entries(bundle.manifest.templates)) {
    if (only && !only.includes(id)) continue;
    if (target === 'logto') {
      if (!t.logtoType) {
        out.push({
          template: id,
          reason: `${id} has no Logto type and is not exported (Logto sends only its own types; send it with authmail).`,
        });
      }
      continue;
    }
    if (target === 'files') continue;
    const sources = Object.keys(t.emails).map((locale) => bundle.source(id, locale));
    const lists = t.variables.filter((v) => v.kind === 'list').map((v) => v.path);
    const listed = lists.find((path) => sources.some((s) => s.html.includes(`{{#${path}}}`)));
    const formatted = sources
      .flatMap((s) => [...`${s.subject}${s.html}${s.text}${s.preview ?? ''}`.matchAll(FORMATTED)])
      .filter((m) => !EXPORTED_FORMATS.has(m[2] as string))
      .map((m) => `${m[1]} (${m[2]})`)[0];
    let twice: string | undefined;
    for (const locale of Object.keys(t.emails)) {
      try {
        sourceFormats(bundle.source(id, locale), `${id}/${locale}`);
      } catch (error) {
        twice ??= (error as Error).message;
      }
    }
    if (listed || formatted || twice) {
      out.push({
        template: id,
        reason: twice
          ? `${id} is not exported to ${target}: ${twice}; send it with authmail (send, serve or the queue).`
          : `${id} is not exported to ${target}: ${
              listed
                ? `it repeats "${listed}" for each item`
                : `it formats ${formatted} at send time, in the email's locale and time zone`
            }, which ${target}'s templates cannot do as authmail does; send it with authmail (send, serve or the queue).`,
      });
    }
  }
  return out;
}

/**
 * `{{path:format…}}`: a value formatted at send time. Isolation is written into the export (hosted/tree.ts),
 * a grouped code shown whole, a date formatted by the sender into the data (hosted/formats.ts).
 */
const FORMATTED = /\{\{([A-Za-z_][\w.]*):([a-z]+)[^}]*\}\}/g;
