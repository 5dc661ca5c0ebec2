/**
 * The development render API: React Email renders a template with real
 * values. The build renders the same templates in slot mode; the runtime's
 * output is tested byte-equal to this one.
 */
import type { ReactElement } from 'react';
import { render as renderReact } from 'react-email';
import { type Brand, brandOption } from '../brand/brand.ts';
import type { FlatField } from '../catalog/fields.ts';
import type { Scope } from '../email/scope.ts';
import { keepLtrLines } from '../locale/bidi.ts';
import { type Direction, directionOf, requestedLocale, resolveLocale } from '../locale/index.ts';
import { segments } from '../locale/segmented.ts';
import {
  type Catalog,
  type DefineTemplate,
  type ProjectTemplate,
  projectCatalog,
  type ReactTemplate,
} from '../project/catalog.ts';
import type { RenderedEmail, RenderInput } from '../runtime/bundle.ts';
import { derivedFor } from '../variables/derived.ts';
import { createVariableModel, type VariableModel } from '../variables/model.ts';
import { cleanMarkup, toText } from './markup.ts';
import { breakPhrases, unmark } from './phrases.ts';
import { compileReactEmail, renderComponent } from './react-email/compile.ts';
import { slotScope, valueScope } from './scope.ts';
import { translations as projectTranslations, type Translations } from './translations.ts';

/** What the runtime takes, plus the brand (the runtime's is baked into its bundle). */
export interface RenderOptions extends RenderInput {
  /** Branding: the project config's `brand`. */
  brand: Brand;
  /** The project's templates (default: the working directory's `emails/`). */
  catalog?: Catalog | undefined;
  /** The project's translations (default: the working directory's `locales/`). */
  translations?: Translations | undefined;
}

/** The same result as the runtime's `bundle.render()`, byte for byte. */
export type { RenderedEmail };

const models = new WeakMap<ProjectTemplate, VariableModel>();

/** The variable model of a template (declared + derived fields). */
export function modelFor(template: ProjectTemplate): VariableModel {
  let model = models.get(template);
  if (!model) {
    model = createVariableModel(template.id, template.fields, derivedFor(template.fields));
    models.set(template, model);
  }
  return model;
}

/** The React element and subject of a template in a scope (either mode). */
export function emailElement(template: DefineTemplate, s: Scope): { subject: string; element: ReactElement } {
  const def = template.definition;
  const subject = def.subject(s);
  const { Body } = def;
  const Frame = def.layout;
  return {
    subject,
    element: (
      <Frame s={s} subject={subject} preheader={def.preheader(s)}>
        <Body s={s} />
      </Frame>
    ),
  };
}

/** Renders subject, HTML and text of a template through a scope (either mode). */
export async function renderScope(
  template: DefineTemplate,
  s: Scope,
): Promise<{ subject: string; html: string; text: string }> {
  const { subject, element } = emailElement(template, s);
  const html = cleanMarkup(await renderReact(element));
  // The text part comes from the HTML before the phrase spans (phrases.ts): it is the same in every locale.
  return { subject: unmark(subject), html: breakPhrases(html, s.locale), text: toText(unmark(html)) };
}

/**
 * An email with its values, as it is sent: the scope's render, and a right-to-left text part's Latin lines
 * isolated, as the runtime does after filling (bidi.ts). The build compares the runtime with this.
 */
export async function renderValues(template: DefineTemplate, s: Scope) {
  const email = await renderScope(template, s);
  return { ...email, text: keepLtrLines(email.text, s.dir) };
}

/** Validates the input and returns the value scope a template renders with. */
export function scopeFor(template: ProjectTemplate, options: Omit<RenderOptions, 'catalog'>): Scope {
  const tr = options.translations ?? projectTranslations();
  const { locale, dir } = resolveLocale(
    requestedLocale(options.locale, options.variables),
    tr.locales,
    tr.defaultLocale,
  );
  const model = modelFor(template);
  const values = model.values(options.variables, locale);
  return valueScope(
    {
      template: template.id,
      locale,
      dir,
      brand: options.brand,
      model,
      translations: tr,
      marks: segments(locale),
      timeZone: options.timeZone,
    },
    values,
  );
}

/** Renders one template in one locale with real values: `{ subject, html, text }`. */
export async function render(templateId: string, options: RenderOptions): Promise<RenderedEmail> {
  const brand = brandOption(options?.brand, `render("${templateId}")`);
  const template = (options.catalog ?? (await projectCatalog())).get(templateId);
  if (template.kind === 'react') return renderReactTemplate(template, options);
  const s = scopeFor(template, { ...options, brand });
  return { ...(await renderValues(template, s)), locale: s.locale, dir: s.dir };
}

/**
 * A React Email template rendered as React Email renders it: the component with the variables as its
 * props (validated first, as a send would be). One locale: the project's default.
 */
async function renderReactTemplate(template: ReactTemplate, options: RenderOptions): Promise<RenderedEmail> {
  const tr = options.translations ?? projectTranslations();
  modelFor(template).values(options.variables, tr.defaultLocale);
  const props = (options.variables ?? {}) as Record<string, unknown>;
  const html = await renderComponent(template.definition.component, props);
  const { subject } = template.definition;
  const preview = /<div[^>]*data-skip-in-text="true"[^>]*>([\s\S]*?)(?:<div>|<\/div>)/.exec(html)?.[1] ?? '';
  return {
    subject: typeof subject === 'function' ? subject(props) : (subject ?? decodeEntities(preview)),
    html,
    text: keepLtrLines(toText(html), directionOf(tr.defaultLocale)),
    locale: tr.defaultLocale,
    dir: directionOf(tr.defaultLocale),
  };
}

const decodeEntities = (s: string) =>
  s.replace(
    /&(amp|lt|gt|quot|#x27);/g,
    (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'" })[e] as string,
  );

/** A template in one locale with `{{slots}}`: what the build writes (and, for React Email, what it learned). */
export interface SlotRender {
  subject: string;
  html: string;
  text: string;
  locale: string;
  dir: Direction;
  /** React Email: the <Preview> text with slots. */
  preview?: string | undefined;
  /** React Email: the declaration with the values it cannot render without made required. */
  fields?: FlatField[] | undefined;
  warnings?: string[] | undefined;
}

/** Renders one template in one locale with `{{slots}}` instead of values (what the build compiles). */
export async function renderSlots(
  template: ProjectTemplate,
  locale: string,
  options: { brand: Brand; translations?: Translations | undefined },
): Promise<SlotRender> {
  const tr = options.translations ?? projectTranslations();
  const { dir } = resolveLocale({ locale }, tr.locales, tr.defaultLocale);
  if (template.kind === 'react') {
    const root = template.file.slice(0, template.file.lastIndexOf('/emails/'));
    const compiled = await compileReactEmail(template, root);
    return { ...compiled, locale, dir: directionOf(locale) };
  }
  const s = slotScope({
    template: template.id,
    locale,
    dir,
    brand: options.brand,
    model: modelFor(template),
    translations: tr,
  });
  return { ...(await renderScope(template, s)), locale, dir };
}
