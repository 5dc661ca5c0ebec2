/**
 * Resend templates: only `{{{KEY}}}` substitution of declared variables (no
 * sections, no escaping, at most 50 variables, each with an optional fallback
 * value). Values become UPPER_SNAKE keys (`CODE`, `ORGANIZATION_NAME`;
 * `…__HTML` for the copy the sender HTML-escapes). A group of optional phrases
 * becomes one of two things:
 *
 * - a segment variable (`SEG_<hash>`) whose fallback is its wording without the optional values
 *   ("Hi,", "Acme"): a backend that sends only the values it has gets that wording, and authmail's own
 *   hosted sends compute the segment from the same bundle (resendData), byte-equal to the runtime;
 * - when that wording itself needs a value ("You’ve been invited to join {organization} on Acme"), a
 *   static fallback cannot hold it: the wording is written into the template with the value's variable,
 *   and the optional values that would have changed it are not shown (`unshown`, named in the notes).
 *
 * Sections on values every send has are decided first (tree.ts). The expiry phrase is `EXPIRES_IN`,
 * its fallback the phrase for the project's code lifetime.
 */
import { createHash } from 'node:crypto';
import { BundleError } from '../core/errors.ts';
import { type Baked, EXPIRES_IN } from './expiry.ts';
import { decideAlwaysPresent, printTree, type SlotNode } from './tree.ts';
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
  /** What a variable reads when the send leaves it out: a segment without its optional values, the expiry. */
  readonly fallbacks: Record<string, string>;
  /** Variables used: value keys → path, segment keys → segment. */
  readonly values: Record<string, { path: string; html: boolean }>;
  readonly segments: Record<string, ResendSegment>;
  /** Optional values this template cannot show (their phrases are written without them). */
  readonly unshown: string[];
}

/** The nodes as they read when no optional value is sent: every remaining section decided as absent. */
function withoutOptional(nodes: readonly SlotNode[]): SlotNode[] {
  return nodes.flatMap((node) =>
    node.type !== 'section' ? [node] : node.inverted ? withoutOptional(node.children) : [],
  );
}

const sectionPaths = (nodes: readonly SlotNode[]): string[] =>
  nodes.flatMap((n) => (n.type === 'section' ? [n.path, ...sectionPaths(n.children)] : []));

/**
 * `nodes` (sections on values every send has already decided) as a Resend template; `baked` (the expiry
 * for the project's code lifetime) fills the fallbacks.
 */
export function emitResend(nodes: readonly SlotNode[], part: Part, baked?: Baked): ResendTemplate {
  const values: ResendTemplate['values'] = {};
  const segments: ResendTemplate['segments'] = {};
  const fallbacks: ResendTemplate['fallbacks'] = {};
  const unshown = new Set<string>();
  const html = part === 'html';
  const expiry = baked ? (html ? baked.html : baked.text) : undefined;
  let text = '';
  const value = (path: string) => {
    const key = resendKey(path, part);
    values[key] = { path, html };
    if (path === EXPIRES_IN && expiry !== undefined) fallbacks[key] = expiry;
    text += `{{{${key}}}}`;
  };
  let group: SlotNode[] = [];
  const flush = () => {
    if (!group.length) return;
    const plain = withoutOptional(group);
    if (plain.some((n) => n.type === 'value' && n.path !== EXPIRES_IN)) {
      // Its plain wording needs a value: write it into the template; the optional values go unshown.
      for (const path of sectionPaths(group)) unshown.add(path);
      for (const n of plain)
        if (n.type === 'text') text += n.text;
        else if (n.type === 'value') value(n.path);
    } else {
      const source = printTree(group);
      const key = `SEG_${createHash('sha256').update(`${html}\u0000${source}`).digest('hex').slice(0, 10).toUpperCase()}`;
      segments[key] = { html, source };
      fallbacks[key] = plain.map((n) => (n.type === 'text' ? n.text : (expiry ?? ''))).join('');
      text += `{{{${key}}}}`;
    }
    group = [];
  };
  for (const node of nodes) {
    if (node.type === 'section') {
      group.push(node);
      continue;
    }
    flush();
    if (node.type === 'text') text += node.text;
    else value(node.path);
  }
  flush();
  return { text, values, segments, fallbacks, unshown: [...unshown] };
}

/** Resend's dialect: flat variables, each optional phrase a `SEG_*` variable with its plain wording as fallback. */
export const resend: Dialect = {
  name: 'resend',
  data: 'flat',
  export({ name, trees, expiry, alwaysPresent }) {
    const at = (part: Part) => emitResend(decideAlwaysPresent(trees[part], alwaysPresent), part, expiry);
    const emitted = { subject: at('subject'), html: at('html'), text: at('text') };
    const variables = [
      ...new Set(Object.values(emitted).flatMap((e) => [...Object.keys(e.values), ...Object.keys(e.segments)])),
    ].sort();
    if (variables.length > RESEND_MAX_VARIABLES) {
      throw new BundleError(
        `${name}: needs ${variables.length} Resend variables, over Resend's ${RESEND_MAX_VARIABLES}`,
      );
    }
    const fallbacks = Object.assign({}, ...Object.values(emitted).map((e) => e.fallbacks)) as Record<string, string>;
    const unshown = [...new Set(Object.values(emitted).flatMap((e) => e.unshown))].sort();
    return {
      subject: emitted.subject.text,
      html: emitted.html.text,
      text: emitted.text.text,
      variables,
      fallbacks,
      ...(unshown.length ? { unshown } : {}),
      notes: [
        'Data: the values your backend has as UPPER_SNAKE variables (CODE, LINK…), and each one the HTML shows again HTML-escaped as …__HTML (Resend does not escape); the JSON Schema in data/ lists them.',
        'Resend has no sections: each optional phrase is a SEG_* variable whose fallback is its wording without the optional value; authmail/hosted resendData computes them with the values (the email authmail renders, byte for byte).',
        ...(unshown.length
          ? [
              `Resend cannot show ${unshown.join(', ')} here: the phrases they change need a value in their plain wording, which a fallback cannot hold, so they are written without them.`,
            ]
          : []),
        ...(variables.some((v) => v.startsWith('EXPIRES_IN'))
          ? [
              `EXPIRES_IN (derived): the data's phrase when given, else the phrase for a ${expiry.minutes}-minute code (export.codeLifetime).`,
            ]
          : []),
      ],
    };
  },
};
