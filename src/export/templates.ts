/**
 * One exported template per template × locale and target, in the target's
 * own dialect, with notes on what the target cannot express.
 */
import { BundleError } from '../core/errors.ts';
import type { Bundle } from '../runtime/bundle.ts';
import { escapeHtml } from '../runtime/escape.ts';
import { formatMinutes } from '../variables/derived.ts';
import { handlebars } from './dialects/handlebars.ts';
import { emitLogto, LOGTO_GUARANTEED } from './dialects/logto.ts';
import { mustachio } from './dialects/mustachio.ts';
import { emitResend, RESEND_MAX_VARIABLES } from './dialects/resend.ts';
import type { Part } from './dialects/types.ts';
import { templateName } from './names.ts';
import { parseTree } from './tree.ts';

export const EXPORT_TARGETS = ['sendgrid', 'postmark', 'mailgun', 'ses', 'resend', 'logto', 'files'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportedTemplate {
  /** Stable name: `authmail-<template>-<locale>` in lower case. */
  readonly name: string;
  readonly template: string;
  readonly locale: string;
  readonly logtoType: string;
  readonly subject: string;
  readonly html: string;
  /** `undefined` when the target stores no text body (Mailgun). */
  readonly text: string | undefined;
  /** Resend: the variables the template declares. */
  readonly variables?: readonly string[];
  /** Logto: the values its substitution fills in (subject, content), sorted. */
  readonly values?: readonly string[];
  /** What the target cannot express, and the variant chosen. */
  readonly notes: readonly string[];
}

export { templateName } from './names.ts';

/** Logto's default code lifetime (600 s), which Logto does not pass to templates. */
export const LOGTO_EXPIRY_MINUTES = '10';

export interface ExportOptions {
  /**
   * Logto: values the team's Logto setup always sends, free of markup (`export.trustLogtoValues`:
   * `path` for every type, `Type:path` for one); the export uses them, raw, where it would otherwise
   * choose the wording without them.
   */
  trustLogtoValues?: readonly string[] | undefined;
}

export function exportTemplate(
  bundle: Bundle,
  template: string,
  locale: string,
  target: ExportTarget,
  options: ExportOptions = {},
): ExportedTemplate {
  const source = bundle.source(template, locale);
  const logtoType = bundle.manifest.templates[template]?.logtoType ?? '';
  const trees = {
    subject: parseTree(source.subject, `${template}/${locale} subject`),
    html: parseTree(source.html, `${template}/${locale} html`),
    text: parseTree(source.text, `${template}/${locale} text`),
  };
  const notes = new Set<string>();
  const base = { name: templateName(template, locale), template, locale, logtoType };
  const parts = (emit: (part: Part) => string) => ({
    subject: emit('subject'),
    html: emit('html'),
    text: emit('text'),
  });
  switch (target) {
    case 'files':
      return { ...base, subject: source.subject, html: source.html, text: source.text, notes: [] };
    case 'sendgrid':
    case 'ses':
    case 'mailgun': {
      const out = parts((part) => handlebars.emit(trees[part], part, notes));
      notes.add('HTML reads pre-escaped values from html.* (send with authmail, or pass escaped copies there).');
      if (target === 'mailgun') {
        notes.add(
          'Mailgun stores one HTML body: no text template. authmail sends its own text part by default; hosted sends use t:text=yes.',
        );
        return { ...base, ...out, text: undefined, notes: [...notes] };
      }
      return { ...base, ...out, notes: [...notes] };
    }
    case 'postmark': {
      const out = parts((part) => mustachio.emit(trees[part], part, notes));
      notes.add('HTML reads pre-escaped values from html.* (send with authmail, or pass escaped copies there).');
      return { ...base, ...out, notes: [...notes] };
    }
    case 'resend': {
      const emitted = {
        subject: emitResend(trees.subject, 'subject'),
        html: emitResend(trees.html, 'html'),
        text: emitResend(trees.text, 'text'),
      };
      const variables = [
        ...new Set(Object.values(emitted).flatMap((e) => [...Object.keys(e.values), ...Object.keys(e.segments)])),
      ].sort();
      if (variables.length > RESEND_MAX_VARIABLES) {
        throw new BundleError(
          `${base.name}: needs ${variables.length} Resend variables, over Resend's ${RESEND_MAX_VARIABLES}`,
        );
      }
      notes.add('Resend has no sections: each optional phrase is a SEG_* variable computed by authmail at send time.');
      return {
        ...base,
        subject: emitted.subject.text,
        html: emitted.html.text,
        text: emitted.text.text,
        variables,
        notes: [...notes],
      };
    }
    case 'logto': {
      const guaranteed = new Set(LOGTO_GUARANTEED[logtoType] ?? []);
      // `path` for every type, `Type:path` for one.
      const trusted = new Set(
        (options.trustLogtoValues ?? []).flatMap((entry) => {
          const [type, path] = entry.includes(':') ? entry.split(':') : [logtoType, entry];
          return type === logtoType && path ? [path] : [];
        }),
      );
      const expiresIn = formatMinutes(locale, LOGTO_EXPIRY_MINUTES);
      const policy = {
        guaranteed,
        trusted,
        constants: { expiresIn: { html: escapeHtml(expiresIn), text: expiresIn } },
      };
      const emitted = {
        subject: emitLogto(trees.subject, 'subject', policy, `${base.name} subject`),
        html: emitLogto(trees.html, 'html', policy, `${base.name} HTML`),
        text: emitLogto(trees.text, 'text', policy, `${base.name} text`),
      };
      const values = [...new Set(Object.values(emitted).flatMap((e) => [...e.values]))].sort();
      notes.add(`Logto fills in: ${values.map((v) => `{{${v}}}`).join(', ') || 'nothing'}.`);
      notes.add(
        `Logto has no sections: each optional phrase reads as it does without its value, except for what ${logtoType} always carries (${[...guaranteed].join(', ')})${trusted.size ? ` and what export.trustLogtoValues lists (${[...trusted].join(', ')})` : ''}.`,
      );
      if (emitted.html.values.has('link')) {
        notes.add(
          'Logto inserts {{link}} into the HTML as your backend sends it: a plain http(s) URL, no quotes; an & stays as typed (build links whose parameters do not read as HTML entities, such as &not or &copy).',
        );
      }
      for (const path of [...emitted.html.values].filter((v) => trusted.has(v))) {
        notes.add(
          `Logto inserts "${path}" into the HTML without escaping: it is listed in export.trustLogtoValues, so it must never contain <, & or ".`,
        );
      }
      notes.add(`Logto does not pass the code lifetime: the expiry reads "${expiresIn}" (Logto's default).`);
      return {
        ...base,
        subject: emitted.subject.text,
        html: emitted.html.text,
        text: emitted.text.text,
        values,
        notes: [...notes],
      };
    }
  }
}
