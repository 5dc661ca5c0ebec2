/**
 * The development render over every template × locale: complete, translated,
 * right-to-left where due, and safe with hostile values.
 */
import { Parser } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/render.tsx';
import { readLocaleFiles, translations } from '../../src/render/translations.ts';
import { codeGroups, codeGroupsHtml } from '../../src/runtime/format.ts';
import { testBrand } from '../fixtures/brand.ts';
import { catalog, template, templateIds } from '../fixtures/content.ts';
import { variableSets } from '../fixtures/variables.ts';

/** The locales of the default content (the project in the working directory). */
const LOCALES = translations().locales;

const emails = templateIds.flatMap((id) => LOCALES.map((locale) => [id, locale] as const));
const LEFTOVERS = /\{\{|\}\}|\bundefined\b|\bNaN\b|\[object Object\]/;

interface Tag {
  name: string;
  attrs: Record<string, string>;
}

function parse(html: string) {
  const tags: Tag[] = [];
  new Parser(
    { onopentag: (name, attrs) => tags.push({ name, attrs }) },
    { decodeEntities: true, lowerCaseAttributeNames: false },
  ).end(html);
  return tags;
}

const httpLinks = (html: string) =>
  parse(html)
    .filter((t) => t.name === 'a' && /^https?:/.test(t.attrs.href ?? ''))
    .map((t) => t.attrs.href as string);

describe.each(emails)('%s / %s', (id, locale) => {
  it('renders completely with the sample values', async () => {
    const variables = template(id).sample;
    const email = await render(id, { locale, variables, brand: testBrand });
    expect(email.locale).toBe(locale);
    for (const part of [email.subject, email.html, email.text]) expect(part).not.toMatch(LEFTOVERS);
    expect(email.subject.length).toBeGreaterThan(5);
    expect(email.subject).not.toMatch(/[\r\n]/);

    // <title> is the subject; lang and dir agree on <html>, <body> and the wrapper cell.
    const tags = parse(email.html);
    expect(tags.some((t) => t.name === 'title')).toBe(true);
    const dir = locale === 'ar' || locale === 'fa-IR' ? 'rtl' : 'ltr';
    expect(email.dir).toBe(dir);
    const html = tags.find((t) => t.name === 'html');
    const body = tags.find((t) => t.name === 'body');
    const wrapper = tags.find((t) => t.name === 'td' && t.attrs.lang);
    for (const t of [html, body, wrapper]) expect(t?.attrs).toMatchObject({ lang: locale, dir });

    // The text part: the code exactly once, every link, no shouting headings.
    if ('code' in variables && typeof variables.code === 'string') {
      expect(email.text.split(variables.code).length - 1).toBe(1);
      // In the HTML, in groups for reading: nothing between them but the gap's markup.
      const groups = codeGroups(variables.code);
      expect(groups.length).toBeGreaterThan(1);
      expect(email.html).toContain(`>${codeGroupsHtml(variables.code, (t) => t)}</td>`);
    }
    for (const href of httpLinks(email.html)) expect(email.text).toContain(href);
    for (const line of email.text.split('\n')) {
      // No shouting: a line with cased letters has lowercase ones ("UTC" in a Japanese line is not shouting).
      const cased = line.match(/[\p{Lu}\p{Ll}]/gu) ?? [];
      if (cased.length > 8)
        expect(
          cased.some((c) => /\p{Ll}/u.test(c)),
          line,
        ).toBe(true);
    }
  });
});

describe('translations', () => {
  const resources = readLocaleFiles();

  it('exist for exactly the 20 Logto locales', () => {
    expect(Object.keys(resources).sort()).toEqual([...LOCALES].sort());
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s shows no English copy', async (locale) => {
    // Multi-word literal runs of every English message (split at placeholders); single
    // words are left out because some are established loanwords ("password" in Italian).
    const english = Object.values(resources.en ?? {}).flatMap((ns) =>
      Object.values(ns as Record<string, string>).flatMap((m) => m.split(/\{\w+\}/).map((s) => s.trim())),
    );
    const chunks = english.filter((s) => s.length >= 10 && s.includes(' '));
    for (const id of templateIds) {
      const email = await render(id, { locale, variables: template(id).sample, brand: testBrand });
      for (const chunk of chunks) {
        expect(email.text, `${id}/${locale} contains English "${chunk}"`).not.toContain(chunk);
        expect(email.subject).not.toContain(chunk);
      }
    }
  });
});

describe('hostile values', () => {
  // The value's own bidi controls are gone; the only ones left are authmail's: whole isolates (FSI … PDI
  // around a value, LRI … PDI around a Latin line of a right-to-left text part), never nested or unclosed.
  const BIDI = /[\u202a-\u202e\u2066-\u2069\u200b\ufeff]/;
  const authmailIsolates = (part: string) => part.replace(/[\u2066\u2068][^\u202a-\u202e\u2066-\u2069]*\u2069/g, '');
  it.each(templateIds.flatMap((id) => ['en', 'ar'].map((locale) => [id, locale] as const)))(
    '%s / %s: nothing unescaped, nothing injected',
    async (id, locale) => {
      const sets = Object.fromEntries(variableSets(catalog, id));
      const reference = await render(id, { locale, variables: sets.full, brand: testBrand });
      const email = await render(id, { locale, variables: sets.hostile, brand: testBrand });
      // Same element structure as a render with ordinary values: no element or attribute was injected.
      const shape = (tags: Tag[]) => tags.map((t) => `${t.name}[${Object.keys(t.attrs).sort().join(',')}]`);
      expect(shape(parse(email.html))).toEqual(shape(parse(reference.html)));
      for (const tag of parse(email.html)) {
        for (const [name, value] of Object.entries(tag.attrs)) {
          expect(name).not.toMatch(/^on/i);
          expect(value).not.toMatch(/^\s*(javascript|data|vbscript):/i);
        }
      }
      expect(email.html).not.toMatch(/<script|<img src=x|<b>bold/i);
      for (const part of [email.subject, email.html, email.text]) {
        expect(authmailIsolates(part)).not.toMatch(BIDI);
        expect(part).not.toMatch(/A{101}/);
        expect(part).not.toMatch(/\{\{|\}\}/);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting controls are gone
        expect(part.replace(/\r?\n/g, '')).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
      }
      expect(email.subject).not.toMatch(/[\r\n]/);
      expect(Buffer.byteLength(email.html)).toBeLessThan(80 * 1024);
    },
  );
});
