/**
 * What every provider's template language implements: one template's three
 * parts (subject, HTML, text) in that language, with the notes on what it
 * cannot express. The export picks the dialect of the target's provider.
 */
import type { SlotNode } from './tree.ts';

export type Part = 'subject' | 'html' | 'text';

/**
 * Template data keys. Providers escape differently (Handlebars also escapes
 * `=` and backticks, Mustachio encodes Latin-1, SES and Logto do not escape),
 * so exported HTML reads pre-escaped copies of each value from `html.*`
 * through raw interpolation, and every engine then produces the runtime's
 * exact bytes.
 */
export const HTML_NAMESPACE = 'html';

export interface ExportOptions {
  /**
   * Logto: values the team's Logto setup always sends, free of markup (`export.trustLogtoValues`:
   * `path` for every type, `Type:path` for one); the export uses them, raw, where it would otherwise
   * choose the wording without them.
   */
  trustLogtoValues?: readonly string[] | undefined;
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
}

export interface DialectOutput {
  readonly subject: string;
  readonly html: string;
  /** `undefined` when the target stores no text body. */
  readonly text: string | undefined;
  /** Resend: the variables the template declares. */
  readonly variables?: readonly string[];
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
}

export interface Dialect {
  readonly name: string;
  export(input: DialectInput): DialectOutput;
}

const PRE_ESCAPED = 'HTML reads pre-escaped values from html.* (send with authmail, or pass escaped copies there).';

/** A dialect that translates each part on its own, its HTML reading the pre-escaped `html.*` copies. */
export function partwise(name: string, emit: (nodes: readonly SlotNode[], part: Part) => string): Dialect {
  return {
    name,
    export: ({ trees }) => ({
      subject: emit(trees.subject, 'subject'),
      html: emit(trees.html, 'html'),
      text: emit(trees.text, 'text'),
      notes: [PRE_ESCAPED],
    }),
  };
}

/** The same dialect for a provider that stores one HTML body and no text template. */
export function withoutText(dialect: Dialect, note: string): Dialect {
  return {
    name: dialect.name,
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
