/**
 * Handlebars (SendGrid dynamic templates, Mailgun, AWS SES stored templates):
 * `{{#if}}…{{else}}…{{/if}}`, `{{#unless}}`; paths stay absolute because
 * `#if` keeps the context. What a backend has is enough to fill them:
 *
 * - subject and text print values raw (`{{{path}}}`): they are not HTML;
 * - HTML, where the engine escapes (SendGrid, Mailgun): `{{path}}`, the engine's escaping, unless the
 *   data holds an escaped copy under `html.path` (authmail's own hosted sends: then the bytes equal
 *   authmail's runtime exactly);
 * - HTML on SES, which does not escape `{{path}}`: only the escaped copy `html.path`, which the sender
 *   computes (the data contract requires it);
 * - the expiry phrase: the sender's `expiresIn`, else (SendGrid) the phrase for `expiresInMinutes` where
 *   its helpers can say it, else the phrase baked for the project's code lifetime (expiry.ts).
 */
import { escapeHtml } from '../runtime/escape.ts';
import { type Baked, EXPIRES_IN, EXPIRES_IN_MINUTES, fillPattern, pluralPlan } from './expiry.ts';
import { elsePartner, type SlotNode } from './tree.ts';
import { type Dialect, type DialectInput, HTML_NAMESPACE, notesFor, type Part } from './types.ts';

export interface HandlebarsOptions {
  readonly name: string;
  /** Who escapes values in the HTML: the engine (`{{x}}`), or the sender (SES: `html.*` copies only). */
  readonly escaping: 'engine' | 'sender';
  /** SendGrid: `equals` and `lessThan` compute the expiry phrase from `expiresInMinutes`. */
  readonly comparisons: boolean;
}

interface Context {
  readonly part: Part;
  readonly locale: string;
  readonly baked: Baked;
  readonly options: HandlebarsOptions;
}

function value(path: string, c: Context): string {
  if (c.part !== 'html') return `{{{${path}}}}`;
  const copy = `${HTML_NAMESPACE}.${path}`;
  return c.options.escaping === 'sender' ? `{{{${copy}}}}` : `{{#if ${copy}}}{{{${copy}}}}{{else}}{{${path}}}{{/if}}`;
}

/** The expiry phrase for `expiresInMinutes` by SendGrid's comparison helpers, or undefined where they cannot. */
function computedExpiry(c: Context): string | undefined {
  const plan = c.options.comparisons ? pluralPlan(c.locale) : undefined;
  if (!plan) return undefined;
  const html = c.part === 'html';
  const words = (s: string) => (html ? escapeHtml(s) : s);
  const number = html ? `{{${EXPIRES_IN_MINUTES}}}` : `{{{${EXPIRES_IN_MINUTES}}}}`;
  let out = fillPattern(words(plan.otherwise), number);
  for (const [n, phrase] of plan.exceptions) {
    out = `{{#equals ${EXPIRES_IN_MINUTES} ${n}}}${words(phrase)}{{else}}${out}{{/equals}}`;
  }
  return out;
}

function expiry(c: Context): string {
  const baked = c.part === 'html' ? c.baked.html : c.baked.text;
  const computed = computedExpiry(c);
  const fallback = computed ? `{{#if ${EXPIRES_IN_MINUTES}}}${computed}{{else}}${baked}{{/if}}` : baked;
  return `{{#if ${EXPIRES_IN}}}${value(EXPIRES_IN, c)}{{else}}${fallback}{{/if}}`;
}

function emit(nodes: readonly SlotNode[], c: Context): string {
  let out = '';
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as SlotNode;
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') out += node.path === EXPIRES_IN ? expiry(c) : value(node.path, c);
    else if (node.inverted) out += `{{#unless ${node.path}}}${emit(node.children, c)}{{/unless}}`;
    else {
      const otherwise = elsePartner(nodes, i);
      out += `{{#if ${node.path}}}${emit(node.children, c)}`;
      if (otherwise) {
        out += `{{else}}${emit(otherwise.children, c)}`;
        i++;
      }
      out += '{{/if}}';
    }
  }
  return out;
}

export function handlebarsDialect(options: HandlebarsOptions): Dialect {
  return {
    name: options.name,
    data: options.escaping === 'engine' ? 'engine' : 'sender',
    export(input: DialectInput) {
      const at = (part: Part): Context => ({ part, locale: input.locale, baked: input.expiry, options });
      return {
        subject: emit(input.trees.subject, at('subject')),
        html: emit(input.trees.html, at('html')),
        text: emit(input.trees.text, at('text')),
        notes: notesFor(input, {
          escaping: options.escaping,
          computesExpiry: options.comparisons,
        }),
      };
    },
  };
}

/** SendGrid: the engine escapes, and its comparison helpers compute the expiry phrase where they can. */
export const sendgridHandlebars = handlebarsDialect({ name: 'handlebars', escaping: 'engine', comparisons: true });
/** Mailgun: the engine escapes; its one comparison helper (`equal`) cannot tell 999 from 1000. */
export const mailgunHandlebars = handlebarsDialect({ name: 'handlebars', escaping: 'engine', comparisons: false });
/** SES: values are not escaped by the engine, so the HTML reads the sender's escaped copies. */
export const sesHandlebars = handlebarsDialect({ name: 'handlebars', escaping: 'sender', comparisons: false });
