/**
 * One exported template per template × locale and target, in the target's
 * own dialect, with notes on what the target cannot express.
 */
import { BundleError } from '../errors.ts';
import type { Bundle } from '../runtime/bundle.ts';
import { escapeHtml } from '../runtime/escape.ts';
import { formatMinutes } from '../variables/derived.ts';
import { handlebars } from './dialects/handlebars.ts';
import { emitLogto, LOGTO_PAYLOAD } from './dialects/logto.ts';
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
  /** What the target cannot express, and the variant chosen. */
  readonly notes: readonly string[];
}

export { templateName } from './names.ts';

/** Logto's default code lifetime (600 s), which Logto does not pass to templates. */
export const LOGTO_EXPIRY_MINUTES = '10';

export function exportTemplate(
  bundle: Bundle,
  template: string,
  locale: string,
  target: ExportTarget,
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
      const present = new Set(LOGTO_PAYLOAD[logtoType] ?? []);
      const expiresIn = formatMinutes(locale, LOGTO_EXPIRY_MINUTES);
      const policy = { present, constants: { expiresIn: { html: escapeHtml(expiresIn), text: expiresIn } } };
      const out = parts((part) => emitLogto(trees[part], part, policy, notes));
      notes.add(
        `Logto has no sections: optional variables it does not always send are left out (${logtoType} always sends ${[...present].filter((p) => !p.includes('.')).join(', ')}).`,
      );
      notes.add(`Logto does not pass the code lifetime: the expiry reads "${expiresIn}" (Logto's default).`);
      return { ...base, ...out, notes: [...notes] };
    }
  }
}
