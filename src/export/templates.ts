/**
 * One exported template per template × locale and target, in the dialect of
 * the target's provider (src/providers/), with notes on what the target
 * cannot express; `files` writes the bundle's own slot syntax.
 */

import { dataSchema, exampleData } from '../hosted/contract.ts';
import { bakedExpiry, DEFAULT_CODE_LIFETIME, EXPIRES_IN, EXPIRES_IN_MINUTES } from '../hosted/expiry.ts';
import { templateName } from '../hosted/names.ts';
import { alwaysPresentPaths, parseTree } from '../hosted/tree.ts';
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
  const source = bundle.source(template, locale);
  const name = templateName(template, locale);
  const logtoType = bundle.manifest.templates[template]?.logtoType ?? '';
  const trees = {
    subject: parseTree(source.subject, `${template}/${locale} subject`),
    html: parseTree(source.html, `${template}/${locale} html`),
    text: parseTree(source.text, `${template}/${locale} text`),
  };
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
          example: exampleData(manifestTemplate, dialect.data, out.variables),
        }
      : undefined;
  return { name, template, locale, logtoType, ...out, ...(data ? { data } : {}) };
}
