/**
 * Mustachio (Postmark): Mustache sections without implicit parent lookup —
 * inside `{{#a.b}}` a name resolves only against `a.b`, so every path gets
 * one `../` per segment of each enclosing section path. Mustachio escapes
 * `{{path}}`, so the HTML takes the plain value (or the sender's escaped copy
 * under `html.path`, for authmail's exact bytes); subject and text print raw.
 * It has no helpers: the expiry phrase is the sender's `expiresIn`, else the
 * one baked for the project's code lifetime (expiry.ts).
 */
import { EXPIRES_IN } from './expiry.ts';
import type { SlotNode } from './tree.ts';
import { type Dialect, HTML_NAMESPACE, notesFor, type Part } from './types.ts';

const segments = (path: string) => path.split('.').length;

interface Context {
  readonly part: Part;
  readonly baked: string;
}

/**
 * `{{#p}}then{{/p}}{{^p}}otherwise{{/p}}` at `depth`; both branches are one scope deeper per segment of
 * `p` (Mustachio enters a section's scope whether it renders it or its inverse).
 */
function either(
  path: string,
  depth: number,
  then: (inner: number) => string,
  otherwise: (inner: number) => string,
): string {
  const tag = `${'../'.repeat(depth)}${path}`;
  const inner = depth + segments(path);
  return `{{#${tag}}}${then(inner)}{{/${tag}}}{{^${tag}}}${otherwise(inner)}{{/${tag}}}`;
}

function value(path: string, depth: number, c: Context): string {
  const up = '../'.repeat(depth);
  if (c.part !== 'html') return `{{{${up}${path}}}}`;
  const copy = `${HTML_NAMESPACE}.${path}`;
  return either(
    copy,
    depth,
    (inner) => `{{{${'../'.repeat(inner)}${copy}}}}`,
    (inner) => `{{${'../'.repeat(inner)}${path}}}`,
  );
}

function emit(nodes: readonly SlotNode[], depth: number, c: Context): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') {
      out +=
        node.path === EXPIRES_IN
          ? either(
              EXPIRES_IN,
              depth,
              (inner) => value(EXPIRES_IN, inner, c),
              () => c.baked,
            )
          : value(node.path, depth, c);
    } else {
      const tag = `${'../'.repeat(depth)}${node.path}`;
      out += `{{${node.inverted ? '^' : '#'}${tag}}}${emit(node.children, depth + segments(node.path), c)}{{/${tag}}}`;
    }
  }
  return out;
}

export const mustachio: Dialect = {
  name: 'mustachio',
  data: 'engine',
  export(input) {
    const at = (part: Part): Context => ({
      part,
      baked: part === 'html' ? input.expiry.html : input.expiry.text,
    });
    return {
      subject: emit(input.trees.subject, 0, at('subject')),
      html: emit(input.trees.html, 0, at('html')),
      text: emit(input.trees.text, 0, at('text')),
      notes: notesFor(input, { escaping: 'engine', computesExpiry: false }),
    };
  },
};
