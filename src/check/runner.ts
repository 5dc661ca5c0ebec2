/**
 * Runs every rule over the emails as sent: each template × locale compiled
 * by the build, then filled with the catalog's sample values.
 */

import { existsSync } from 'node:fs';
import type { Brand } from '../brand/brand.ts';
import { type BuildAssets, buildAssets } from '../build/assets.ts';
import { buildBundles } from '../build/build.ts';
import { UnknownLocaleError } from '../core/errors.ts';
import { inToolkitFrame } from '../email/marker.ts';
import { type Catalog, loadCatalog, problemLine, projectCatalog, type TemplateProblem } from '../project/catalog.ts';
import type { ProjectSettings } from '../project/settings.ts';
import {
  localesDir,
  projectTranslations,
  readLocaleFiles,
  type Translations,
  translations,
} from '../render/translations.ts';
import { createBundle } from '../runtime/bundle.ts';
import { stressValues } from '../variables/stress.ts';
import { applyExceptions, type Exception, exceptions as toolkitExceptions } from './exceptions.ts';
import { parseEmail } from './parse.ts';
import { applyProjectExceptions, checkedExceptions } from './project-exceptions.ts';
import { reactEmailExceptions } from './react-email-exceptions.ts';
import { checkAccessibility } from './rules/accessibility.ts';
import { emailRules, templateRule } from './rules/index.ts';
import { localeRules, recordingTranslations } from './rules/locales.ts';
import { logoFindings } from './rules/logo.ts';
import type { CheckSection } from './schema.ts';
import { type CheckEmail, type EmailRule, type Finding, SEVERITY_ORDER } from './types.ts';

export interface SampleEmails {
  emails: CheckEmail[];
  /** `ns:key` asked for while rendering. */
  usedKeys: Set<string>;
  /** Templates that did not build (the catalog's included): the others are sampled. */
  problems: TemplateProblem[];
}

/** The wanted templates among the project's (all of them when none is named). */
export function selectTemplates(wanted: readonly string[] | undefined, catalog: Catalog): string[] {
  if (!wanted?.length) return [...catalog.ids];
  for (const id of wanted) catalog.get(id); // UnknownTemplateError naming the known ones
  return catalog.ids.filter((id) => wanted.includes(id));
}

/** The wanted locales among the project's (all of them when none is named). */
export function selectLocales(wanted: readonly string[] | undefined, have: readonly string[]): string[] {
  if (!wanted?.length) return [...have];
  for (const l of wanted)
    if (!have.includes(l)) throw new UnknownLocaleError(l, `not one of the project's locales (${have.join(', ')})`);
  return have.filter((l) => wanted.includes(l));
}

export interface SampleOptions {
  templates?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
  /** The project's translations (default: the working directory's). */
  translations?: Translations | undefined;
  /** The project's templates (default: the working directory's). */
  catalog?: Catalog | undefined;
  brand: Brand;
  /** The config's `assets` (root-relative asset URLs are made absolute with them). */
  assets?: BuildAssets | undefined;
  /** Each email also filled with the stress values, right after its sample (the visual tests). */
  stress?: boolean | undefined;
}

/** Builds the bundles in memory and fills each email with its template's sample values. */
export async function sampleEmails(options: SampleOptions): Promise<SampleEmails> {
  const usedKeys = new Set<string>();
  const tr = options.translations ?? translations();
  const catalog = options.catalog ?? (await projectCatalog());
  const ids = selectTemplates(options.templates, catalog);
  const locales = selectLocales(options.locales, tr.locales);
  const output = await buildBundles({
    catalog,
    templates: ids,
    locales,
    brand: options.brand,
    assets: options.assets,
    translations: recordingTranslations(tr, usedKeys),
    problems: 'collect',
  });
  const bundle = createBundle(output.manifest, output.sources);
  const emails: CheckEmail[] = [];
  for (const id of ids) {
    const built = output.manifest.templates[id];
    if (!built) continue; // among the problems
    const template = catalog.get(id);
    const sample = template.definition.sample as Record<string, unknown>;
    const toolkitFrame = template.kind === 'define' && inToolkitFrame(template.definition);
    // Each email the build made: a template without translations has one, not a copy per locale.
    const sets = options.stress ? [sample, stressValues(built.variables, sample)] : [sample];
    for (const locale of locales.filter((l) => built.emails[l])) {
      sets.forEach((variables, k) => {
        const r = bundle.render(id, { locale, variables });
        emails.push({
          template: id,
          locale: r.locale,
          dir: r.dir,
          subject: r.subject,
          html: r.html,
          text: r.text,
          code: typeof variables.code === 'string' ? variables.code : undefined,
          toolkitFrame,
          source: bundle.source(id, r.locale),
          textPaths: built.variables.filter((v) => v.kind === 'text').map((v) => v.path),
          ...(k > 0 && { stress: true }),
        });
      });
    }
  }
  return { emails, usedKeys, problems: output.problems };
}

/** Runs the source rules on one email. */
export function checkEmail(email: CheckEmail, rules: readonly EmailRule[] = emailRules): Finding[] {
  const parsed = parseEmail(email);
  const findings: Finding[] = [];
  for (const rule of rules) {
    for (const f of rule.check(parsed)) {
      const severity =
        f.severity && SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[rule.severity] ? f.severity : rule.severity;
      findings.push({ ...f, template: email.template, locale: email.locale, rule: rule.id, severity });
    }
  }
  return findings;
}

export interface CheckOptions {
  templates?: readonly string[] | undefined;
  locales?: readonly string[] | undefined;
  /** The project's translations (default: as the config selects them at `cwd`). */
  translations?: Translations | undefined;
  /** Run the Chromium checks (accessibility). Default true. */
  browser?: boolean | undefined;
  /** The project's config: its brand, locales and assets, and its own check exceptions. */
  config: ProjectSettings & { check?: CheckSection | undefined };
  cwd?: string | undefined;
  exceptions?: readonly Exception[] | undefined;
  onProgress?: ((stage: string, done: number, total: number) => void) | undefined;
  /** The emails as sampled, before they are checked (the static review site shows them beside their findings). */
  onSampled?: ((emails: readonly CheckEmail[]) => void) | undefined;
}

export interface CheckReport {
  emails: number;
  templates: string[];
  locales: string[];
  findings: Finding[];
  errors: number;
  warnings: number;
  accepted: number;
  browser: boolean;
  seconds: number;
}

const byPlace = (a: Finding, b: Finding) =>
  a.template.localeCompare(b.template) ||
  a.locale.localeCompare(b.locale) ||
  a.rule.localeCompare(b.rule) ||
  (a.feature ?? '').localeCompare(b.feature ?? '') ||
  (a.location?.scheme ?? '').localeCompare(b.location?.scheme ?? '') ||
  a.message.localeCompare(b.message);

export async function runChecks(options: CheckOptions): Promise<CheckReport> {
  const started = performance.now();
  const root = options.cwd ?? process.cwd();
  const catalog = await loadCatalog(root);
  const ids = selectTemplates(options.templates, catalog);
  const tr =
    options.translations ?? (options.config ? projectTranslations(root, options.config.locales) : translations());
  const locales = selectLocales(options.locales, tr.locales);
  options.onProgress?.('build', 0, 1);
  const { emails, usedKeys, problems } = await sampleEmails({
    catalog,
    templates: ids,
    locales,
    translations: tr,
    brand: options.config.brand,
    assets: buildAssets(options.config.assets, root),
  });
  options.onSampled?.(emails);
  // A template that does not build is a finding of its own; the others are checked.
  const findings: Finding[] = problems.map((p) => ({
    template: p.file,
    locale: '*',
    rule: templateRule.id,
    severity: 'error',
    message: problemLine(p),
  }));
  emails.forEach((email, i) => {
    findings.push(...checkEmail(email));
    options.onProgress?.('source', i + 1, emails.length);
  });
  findings.push(...logoFindings(emails, options.config.assets, root));

  // Locale files. Unused keys: a template's namespace is complete when that template was rendered in
  // every locale it was asked for; `common` only when every template was.
  const resources = Object.fromEntries(
    Object.entries(existsSync(localesDir(root)) ? readLocaleFiles(localesDir(root)) : {}).filter(([tag]) =>
      tr.locales.includes(tag),
    ),
  );
  const checkedNamespaces = new Set<string>(ids);
  if (ids.length === catalog.ids.length) checkedNamespaces.add('common');
  for (const rule of localeRules) {
    findings.push(
      ...rule
        .check({ resources, used: usedKeys, checkedNamespaces, locales, referenceLocale: tr.defaultLocale })
        .filter((f) => (ids as string[]).includes(f.template) || f.template === 'common' || !catalog.has(f.template))
        .filter((f) => f.locale === '*' || locales.includes(f.locale)),
    );
  }

  const browser = options.browser !== false;
  if (browser) {
    const { launchChromium } = await import('../browser/chromium.ts');
    const chromium = await launchChromium();
    try {
      let done = 0;
      findings.push(
        ...(await checkAccessibility(chromium, emails, {
          config: options.config,
          cwd: options.cwd,
          onEmail: () => options.onProgress?.('accessibility', ++done, emails.length * 2),
        })),
      );
    } finally {
      await chromium.close();
    }
  }

  // The toolkit's exceptions describe its frame: they apply to emails drawn in it. The project's own apply
  // to every email.
  const framed = new Set(emails.filter((e) => e.toolkitFrame).map((e) => e.template));
  const own = checkedExceptions(options.config.check?.exceptions ?? [], catalog.ids);
  const toolkit = options.exceptions ?? toolkitExceptions;
  const checked = applyProjectExceptions(
    findings.map((f) => (framed.has(f.template) ? (applyExceptions([f], toolkit)[0] as Finding) : f)),
    options.exceptions?.length === 0 ? [] : [...reactEmailExceptions, ...own],
    emails,
  ).sort(byPlace);
  const open = checked.filter((f) => !f.exception);
  return {
    emails: emails.length,
    templates: ids,
    locales,
    findings: checked,
    errors: open.filter((f) => f.severity === 'error').length,
    warnings: open.filter((f) => f.severity === 'warning').length,
    accepted: checked.length - open.length,
    browser,
    seconds: (performance.now() - started) / 1000,
  };
}
