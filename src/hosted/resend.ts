/**
 * Resend templates: only `{{{KEY}}}` substitution of declared variables (no
 * sections, at most 50 variables). Values become UPPER_SNAKE keys (`CODE`,
 * `APPLICATION_NAME`; `…__HTML` for the escaped copy), and every section group
 * becomes a segment variable (`SEG_<hash>`) whose value authmail computes at
 * send time from the same bundle — so the result is byte-equal to the runtime.
 */
import { createHash } from 'node:crypto';
import { BundleError } from '../core/errors.ts';
import { printTree, type SlotNode } from './tree.ts';
import type { Dialect, Part } from './types.ts';

export const RESEND_MAX_VARIABLES = 50;

export const resendKey = (path: string, part: Part) =>
  `${path
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\./g, '_')
    .toUpperCase()}${part === 'html' ? '__HTML' : ''}`;

export interface ResendSegment {
  /** Escaping of the values inside: HTML or none. */
  readonly html: boolean;
  /** The segment in slot syntax. */
  readonly source: string;
}

export interface ResendTemplate {
  readonly text: string;
  /** Variables used: value keys → path, segment keys → segment. */
  readonly values: Record<string, { path: string; html: boolean }>;
  readonly segments: Record<string, ResendSegment>;
}

export function emitResend(nodes: readonly SlotNode[], part: Part): ResendTemplate {
  const values: ResendTemplate['values'] = {};
  const segments: ResendTemplate['segments'] = {};
  const html = part === 'html';
  let text = '';
  let group: SlotNode[] = [];
  const flush = () => {
    if (!group.length) return;
    const source = printTree(group);
    const key = `SEG_${createHash('sha256').update(`${html}\u0000${source}`).digest('hex').slice(0, 10).toUpperCase()}`;
    segments[key] = { html, source };
    text += `{{{${key}}}}`;
    group = [];
  };
  for (const node of nodes) {
    if (node.type === 'section') {
      group.push(node);
      continue;
    }
    flush();
    if (node.type === 'text') text += node.text;
    else {
      const key = resendKey(node.path, part);
      values[key] = { path: node.path, html };
      text += `{{{${key}}}}`;
    }
  }
  flush();
  return { text, values, segments };
}

/** Resend's dialect: flat variables, each optional phrase a `SEG_*` variable computed at send time. */
export const resend: Dialect = {
  name: 'resend',
  export({ name, trees }) {
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
        `${name}: needs ${variables.length} Resend variables, over Resend's ${RESEND_MAX_VARIABLES}`,
      );
    }
    return {
      subject: emitted.subject.text,
      html: emitted.html.text,
      text: emitted.text.text,
      variables,
      notes: ['Resend has no sections: each optional phrase is a SEG_* variable computed by authmail at send time.'],
    };
  },
};
