/**
 * The data a provider-hosted template needs for one send, computed from the
 * caller's variables exactly as the runtime would render them: validated and
 * normalized values, derived values (`expiresIn`), and HTML-escaped copies
 * under `html.*`.
 */

import { isolate } from '../locale/bidi.ts';
import { requestedLocale, resolveLocale } from '../locale/index.ts';
import type { Bundle, RenderInput } from '../runtime/bundle.ts';
import { escapeHtml } from '../runtime/escape.ts';
import { codeGroupsHtml } from '../runtime/format.ts';
import { compile, run } from '../runtime/program.ts';
import type { Level } from '../variables/levels.ts';
import type { Values } from '../variables/validate.ts';
import { dataValue, sourceFormats } from './formats.ts';
import { emitResend } from './resend.ts';
import { alwaysPresentPaths, decideAlwaysPresent, sourceTrees } from './tree.ts';
import { HTML_NAMESPACE, type Part } from './types.ts';

export interface TemplateData {
  locale: string;
  /** Nested data for Handlebars/Mustachio templates. */
  data: Record<string, unknown>;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split('.');
  let obj = target;
  for (const key of keys.slice(0, -1)) {
    obj[key] ??= {};
    obj = obj[key] as Record<string, unknown>;
  }
  obj[keys[keys.length - 1] as string] = value;
}

function resolve(bundle: Bundle, templateId: string, input: RenderInput) {
  const model = bundle.model(templateId);
  const locales = Object.keys(bundle.manifest.templates[templateId]?.emails ?? {});
  const { locale, dir } = resolveLocale(
    requestedLocale(input.locale, input.variables),
    locales,
    bundle.manifest.defaultLocale,
  );
  const values = model.values(input.variables, locale);
  // Text values isolated for bidi as the runtime isolates them: a provider's template cannot test for
  // right-to-left letters, so the data carries the isolation (the documented rule: hosted/contract.ts).
  const texts = model.level.fields.map((f) => f.kind === 'text');
  const isolated = values.map((v, i) => (texts[i] && typeof v === 'string' ? isolate(v, dir) : v));
  // Dates the template formats at send time, formatted into the data (hosted/formats.ts).
  const source = bundle.source(templateId, locale);
  const { formats, grouped } = sourceFormats(source, `${templateId}/${locale}`);
  const context = { locale, dir, timeZone: input.timeZone };
  const shown = isolated.map((v, i) => {
    const path = model.level.fields[i]?.path;
    return path !== undefined && typeof v === 'string' ? dataValue(formats, path, v, context) : v;
  });
  return { model, locale, source, grouped, context, shown };
}

/**
 * One level's values as nested data with `html.*` escaped copies; a list's items each carry their own
 * fields and copies (`items: [{ name, html: { name } }]`), as Handlebars' `{{#each}}` reads them.
 */
function levelData(
  level: Level,
  paths: readonly string[],
  values: Values,
  grouped: ReadonlySet<string> = new Set(),
): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const html: Record<string, unknown> = {};
  const strip = level.path ? `${level.path}.` : '';
  paths.forEach((full, i) => {
    const value = values[i];
    const path = full.slice(strip.length);
    if (value === undefined) return;
    if (value === true) {
      setPath(data, path, {});
      setPath(html, path, {});
    } else if (Array.isArray(value)) {
      const items = level.lists.get(i);
      if (items)
        setPath(
          data,
          path,
          value.map((item) =>
            levelData(
              items,
              items.fields.map((f) => f.path),
              item,
            ),
          ),
        );
    } else {
      setPath(data, path, value);
      setPath(
        html,
        path,
        grouped.has(full) ? codeGroupsHtml(value as string, escapeHtml) : escapeHtml(value as string),
      );
    }
  });
  data[HTML_NAMESPACE] = html;
  return data;
}

/** Nested template data with `html.*` escaped copies. */
export function templateData(bundle: Bundle, templateId: string, input: RenderInput = {}): TemplateData {
  const { model, locale, grouped, shown } = resolve(bundle, templateId, input);
  const paths = [...model.level.fields.map((f) => f.path), ...model.derived.map((d) => d.path)];
  return { locale, data: levelData(model.level, paths, shown, grouped) };
}

/** Flat variables for a Resend template of this email: values and computed segments. */
export function resendData(bundle: Bundle, templateId: string, input: RenderInput = {}) {
  const { model, locale, source, grouped, context, shown } = resolve(bundle, templateId, input);
  const out: Record<string, string> = {};
  const indexOf = (path: string) => model.index.get(path);
  const trees = sourceTrees(source, `${templateId}/${locale}`);
  for (const part of ['subject', 'html', 'text'] as Part[]) {
    const tree = trees[part];
    const t = emitResend(decideAlwaysPresent(tree, alwaysPresentPaths(model.fields)), part);
    const escapeValue = part === 'html' ? escapeHtml : (v: string) => v;
    for (const [key, v] of Object.entries(t.values)) {
      const value = shown[indexOf(v.path) as number];
      if (typeof value !== 'string') out[key] = '';
      else out[key] = part === 'html' && grouped.has(v.path) ? codeGroupsHtml(value, escapeValue) : escapeValue(value);
    }
    for (const [key, seg] of Object.entries(t.segments)) {
      // A segment's source prints values as they are (the export drops formats): the shown ones.
      out[key] = run(compile(seg.source, indexOf, key), shown, escapeValue, context);
    }
  }
  return { locale, data: out };
}
