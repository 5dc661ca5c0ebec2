/**
 * Compiled bundles: `manifest.json` plus one JSON file per template × locale
 * holding subject, HTML and text with slots. `loadBundle` reads a build
 * output directory; `createBundle` takes the same data from memory (the
 * preview renders what a build would write).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FlatField } from '../catalog/fields.ts';
import { AuthmailError, BundleError, UnknownTemplateError } from '../core/errors.ts';
import { keepLtrLines } from '../locale/bidi.ts';
import { type Direction, requestedLocale, resolveLocale } from '../locale/index.ts';
import type { DerivedField } from '../variables/derived.ts';
import type { Level } from '../variables/levels.ts';
import { createVariableModel, type VariableModel } from '../variables/model.ts';
import { asIs, escapeHtml } from './escape.ts';
import { type BUNDLE_FORMAT, type BUNDLE_VERSION, parseEmailSource, parseManifest } from './manifest.ts';
import { compile, type Program, type RunContext, run, type SlotScope } from './program.ts';

export { BUNDLE_FORMAT, BUNDLE_VERSION } from './manifest.ts';

export interface EmailSource {
  readonly template: string;
  readonly locale: string;
  readonly dir: Direction;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** React Email's <Preview> text, unescaped, with slots: what `{{%preview}}` and `{{%pad}}` print. */
  readonly preview?: string | undefined;
}

export interface ManifestEmail {
  /** Path of the email's JSON file, relative to the bundle directory. */
  readonly file: string;
  readonly dir: Direction;
  /** SHA-256 of the file's bytes. */
  readonly sha256: string;
  readonly bytes: { readonly html: number; readonly htmlGzip: number; readonly text: number; readonly subject: number };
}

export interface ManifestTemplate {
  /** The Logto type the template answers; absent for a template sent by id only. */
  readonly logtoType?: string | undefined;
  readonly when: string;
  readonly variables: readonly FlatField[];
  readonly derived: readonly DerivedField[];
  /** The template's sample values (the preview's and the checks'): the example of its data contract. */
  readonly sample?: Readonly<Record<string, unknown>> | undefined;
  readonly emails: Readonly<Record<string, ManifestEmail>>;
}

export interface Manifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  readonly defaultLocale: string;
  readonly locales: readonly string[];
  readonly templates: Readonly<Record<string, ManifestTemplate>>;
}

export interface RenderInput {
  /** Requested locale; defaults to `variables.locale`, then `variables.uiLocales`, then the default locale. */
  locale?: string | undefined;
  variables?: unknown;
  /** IANA time zone dates are shown in (`Europe/Berlin`; default UTC), unless a template fixes one. */
  timeZone?: string | undefined;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
  /** The locale actually used, and its direction. */
  locale: string;
  dir: Direction;
}

export interface Bundle {
  readonly manifest: Manifest;
  readonly templates: readonly string[];
  /** Render subject, HTML and text: validates and escapes the variables, resolves the locale. */
  render(templateId: string, input?: RenderInput): RenderedEmail;
  /** The compiled source of one email (with its slots). */
  source(templateId: string, locale: string): EmailSource;
  /** The variable model of a template (declaration, validation). */
  model(templateId: string): VariableModel;
}

interface CompiledEmail {
  source: EmailSource;
  subject: Program;
  html: Program;
  text: Program;
  preview: Program | undefined;
}

/** Paths of a level, and the levels of its lists' items, for compiling slots. */
function slotScope(level: Level, index: ReadonlyMap<string, number> = level.index): SlotScope {
  return {
    index: (path) => index.get(path),
    items(path) {
      const i = level.index.get(path);
      const inner = i === undefined ? undefined : level.lists.get(i);
      return inner ? slotScope(inner) : undefined;
    },
  };
}

interface CompiledTemplate {
  model: VariableModel;
  locales: string[];
  emails: Map<string, CompiledEmail>;
}

/** Builds a bundle from a manifest and the email sources it lists. */
export function createBundle(manifestValue: unknown, sources: Iterable<EmailSource>): Bundle {
  const manifest = parseManifest(manifestValue);
  const compiled = new Map<string, CompiledTemplate>();
  for (const [id, t] of Object.entries(manifest.templates)) {
    compiled.set(id, {
      model: createVariableModel(id, t.variables, t.derived),
      locales: Object.keys(t.emails),
      emails: new Map(),
    });
  }
  for (const source of sources) {
    const t = compiled.get(source.template);
    if (!t) throw new BundleError(`Email ${source.template}/${source.locale} belongs to no template of the manifest`);
    const where = `${source.template}/${source.locale}`;
    const scope = slotScope(t.model.level, t.model.index);
    t.emails.set(source.locale, {
      source,
      subject: compile(source.subject, scope, `${where} subject`),
      html: compile(source.html, scope, `${where} html`),
      text: compile(source.text, scope, `${where} text`),
      preview: source.preview === undefined ? undefined : compile(source.preview, scope, `${where} preview`),
    });
  }
  for (const [id, t] of compiled) {
    const missing = t.locales.filter((l) => !t.emails.has(l));
    if (missing.length) throw new BundleError(`Template "${id}" lacks its emails for ${missing.join(', ')}`);
  }
  const templates = [...compiled.keys()];
  const get = (id: string) => {
    const t = compiled.get(id);
    if (!t) throw new UnknownTemplateError(id, templates);
    return t;
  };
  return {
    manifest,
    templates,
    model: (id) => get(id).model,
    source(id, locale) {
      const email = get(id).emails.get(locale);
      if (!email) throw new BundleError(`Template "${id}" has no email for locale "${locale}"`);
      return email.source;
    },
    render(id, input = {}) {
      const t = get(id);
      const { locale, dir } = resolveLocale(
        requestedLocale(input.locale, input.variables),
        t.locales,
        manifest.defaultLocale,
      );
      const values = t.model.values(input.variables, locale);
      const email = t.emails.get(locale) as CompiledEmail;
      const context: RunContext = { locale, dir, timeZone: checkTimeZone(input.timeZone) };
      if (email.preview) context.previewText = run(email.preview, values, asIs, context);
      return {
        subject: run(email.subject, values, asIs, context),
        html: run(email.html, values, escapeHtml, { ...context, markup: true }),
        text: keepLtrLines(textPart(run(email.text, values, asIs, context)), dir),
        locale,
        dir,
      };
    },
  };
}

/**
 * The text part as the converter would have made it from the filled HTML: an absent block leaves no
 * blank lines behind (the converter puts one blank line between blocks, never more).
 */
const textPart = (text: string) => (text.includes('\n\n\n') ? text.replace(/\n{3,}/g, '\n\n').trim() : text.trim());

const zones = new Map<string, boolean>();
/** A send's time zone, checked: an unknown one is the caller's error, named (Intl would throw mid-render). */
function checkTimeZone(zone: string | undefined): string | undefined {
  if (zone === undefined) return undefined;
  let ok = zones.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    if (zones.size < 1_000) zones.set(zone, ok);
  }
  if (!ok)
    throw new AuthmailError('INVALID_INPUT', `timeZone "${zone}" is not an IANA time zone (like Europe/Berlin or UTC)`);
  return zone;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new BundleError(`Bundle file ${file} is not JSON: ${(error as Error).message}`);
  }
}

export const sha256 = (data: string) => createHash('sha256').update(data).digest('hex');

/** Loads a bundle directory written by `npm run build`, verifying each file's hash. */
export async function loadBundle(dir: string): Promise<Bundle> {
  let manifestText: string;
  try {
    manifestText = await readFile(join(dir, 'manifest.json'), 'utf8');
  } catch (error) {
    throw new BundleError(`No bundle at ${dir}: ${(error as Error).message}. Run \`npm run build\` first.`);
  }
  const manifest = parseManifest(parseJson(manifestText, 'manifest.json'));
  const sources = await Promise.all(
    Object.entries(manifest.templates).flatMap(([id, t]) =>
      Object.entries(t.emails).map(async ([locale, email]) => {
        const raw = await readFile(join(dir, email.file), 'utf8').catch((error: Error) => {
          throw new BundleError(`Bundle file ${email.file} is unreadable: ${error.message}`);
        });
        if (sha256(raw) !== email.sha256) throw new BundleError(`Bundle file ${email.file} does not match its hash`);
        return parseEmailSource(parseJson(raw, email.file), id, locale);
      }),
    ),
  );
  return createBundle(manifest, sources);
}
