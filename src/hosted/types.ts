/**
 * What every provider's template language implements: one template's three
 * parts (subject, HTML, text) in that language, with the notes on what it
 * cannot express. The export picks the dialect of the target's provider.
 */
import type { Baked } from './expiry.ts';
import type { SlotNode } from './tree.ts';

export type Part = 'subject' | 'html' | 'text';

/**
 * Where the data holds HTML-escaped copies of the values (`html.application.name`). Providers escape
 * differently (Handlebars also escapes `=` and backticks, Mustachio encodes Latin-1, SES, Resend and
 * Logto do not escape): a template whose engine escapes reads a copy when the data has one (authmail's
 * hosted sends: the runtime's exact bytes) and escapes the plain value otherwise; SES and Resend read
 * only the copies, which the sender makes.
 */
export const HTML_NAMESPACE = 'html';

export interface ExportOptions {
  /**
   * Logto: values the team's Logto setup always sends, free of markup (`export.trustLogtoValues`:
   * `path` for every type, `Type:path` for one); the export uses them, raw, where it would otherwise
   * choose the wording without them.
   */
  trustLogtoValues?: readonly string[] | undefined;
  /**
   * Minutes a code lives at the sender (`export.codeLifetime`); the expiry phrase is written into the
   * template for it (default: the template's own default for `expiresInMinutes`).
   */
  codeLifetime?: number | undefined;
}

/** One template × locale as the bundle holds it: slot syntax, and the parsed trees. */
export interface DialectInput {
  /** `authmail-<template>-<locale>` in lower case. */
  readonly name: string;
  readonly template: string;
  readonly locale: string;
  readonly logtoType: string;
  readonly source: Readonly<Record<Part, string>>;
  readonly trees: Readonly<Record<Part, readonly SlotNode[]>>;
  readonly options: ExportOptions;
  /** The expiry phrase for the code lifetime in this locale (templates with `expiresInMinutes`). */
  readonly expiry: Baked;
  /** Whether the template says the expiry (`{{expiresIn}}` in any part). */
  readonly hasExpiry: boolean;
  /** Paths every valid send has (required, under required parents): their sections always render. */
  readonly alwaysPresent: ReadonlySet<string>;
}

export interface DialectOutput {
  readonly subject: string;
  readonly html: string;
  /** `undefined` when the target stores no text body. */
  readonly text: string | undefined;
  /** Resend: the variables the template declares. */
  readonly variables?: readonly string[];
  /** Resend: the value a variable takes when the send leaves it out. */
  readonly fallbacks?: Readonly<Record<string, string>>;
  /** Resend: optional values the template cannot show (the phrases they change are written without them). */
  readonly unshown?: readonly string[];
  /** Logto: the values its substitution fills in. */
  readonly values?: readonly string[];
  readonly notes: readonly string[];
}

/** A template as exported to one target. */
export interface ExportedTemplate extends DialectOutput {
  /** Stable name: `authmail-<template>-<locale>` in lower case. */
  readonly name: string;
  readonly template: string;
  readonly locale: string;
  readonly logtoType: string;
  /** The data contract: a JSON Schema of the data and an example payload (targets a backend fills). */
  readonly data?: { readonly schema: Record<string, unknown>; readonly example: Record<string, unknown> } | undefined;
}

/**
 * The shape of the data a template of this dialect is filled with (contract.ts): the values as Logto
 * shapes them, escaped by the engine (`engine`) or also escaped by the sender (`sender`), or flat
 * UPPER_SNAKE variables (`flat`).
 */
export type DataShape = 'engine' | 'sender' | 'flat';

export interface Dialect {
  readonly name: string;
  /** The data contract's shape; none for targets whose data is not the sender's (Logto, files). */
  readonly data?: DataShape | undefined;
  export(input: DialectInput): DialectOutput;
}

/** What the sender must know about a Handlebars or Mustachio export: who escapes, where the expiry comes from. */
export function notesFor(
  input: DialectInput,
  how: { escaping: 'engine' | 'sender'; computesExpiry: boolean },
): string[] {
  const notes = [
    how.escaping === 'engine'
      ? 'Data: the values your backend has, as the JSON Schema in data/ describes them; the engine HTML-escapes them. Optional html.* copies, escaped by the sender (authmail/hosted templateData), give byte-for-byte the email authmail renders.'
      : `Data: the values your backend has, and for the HTML each value again HTML-escaped under ${HTML_NAMESPACE}.* (this provider does not escape); the JSON Schema in data/ lists both.`,
    'Normalizing values is the sender’s job: remove control, bidi and invisible characters, collapse whitespace, cut names at 100 characters, then wrap a name in U+2068 … U+2069 when the email is right to left or the name holds a right-to-left letter; links must be http(s) URLs (docs/providers.md, "Sending with a provider-hosted template").',
  ];
  if (input.hasExpiry) {
    notes.push(
      `expiresIn (derived from expiresInMinutes): the data's expiresIn phrase when given; ${how.computesExpiry ? 'else, in languages whose plural forms its helpers can pick, the engine words expiresInMinutes; ' : ''}else the phrase for a ${input.expiry.minutes}-minute code, written into each language's template (export.codeLifetime).`,
    );
  }
  return notes;
}

/** The same dialect for a provider that stores one HTML body and no text template. */
export function withoutText(dialect: Dialect, note: string): Dialect {
  return {
    name: dialect.name,
    data: dialect.data,
    export: (input) => {
      const out = dialect.export(input);
      return { ...out, text: undefined, notes: [...out.notes, note] };
    },
  };
}

/** The bundle's own slot syntax, unchanged (`authmail export files`). */
export const files: Dialect = {
  name: 'files',
  export: ({ source }) => ({ subject: source.subject, html: source.html, text: source.text, notes: [] }),
};
