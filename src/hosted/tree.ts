/**
 * A bundle part (subject, HTML or text) as a tree of text, values and
 * sections — the form the exporters translate into providers' dialects.
 */
import { BundleError } from '../core/errors.ts';
import { FSI, keepLtrLines, PDI } from '../locale/bidi.ts';
import type { Direction } from '../locale/index.ts';
import { escapeHtml } from '../runtime/escape.ts';
import { PREVIEW_MAX_LENGTH, PREVIEW_PADDING, tokenize } from '../runtime/program.ts';

export type SlotNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'value'; readonly path: string }
  | { readonly type: 'section'; readonly path: string; readonly inverted: boolean; readonly children: SlotNode[] };

export interface TreeOptions {
  /** The email's preview text (slot syntax, unescaped), for `{{%preview}}` and `{{%pad}}`. */
  readonly preview?: string | undefined;
  /** How the preview's own text is written in this part (HTML-escaped in the HTML). */
  readonly escape?: ((text: string) => string) | undefined;
  /** The email's direction: in a right-to-left email, `{{path:isolate}}` is written as FSI, value, PDI. */
  readonly dir?: Direction | undefined;
}

export function parseTree(source: string, where: string, options: TreeOptions = {}): SlotNode[] {
  const root: SlotNode[] = [];
  const stack: { path: string; children: SlotNode[] }[] = [{ path: '', children: root }];
  const preview = () => {
    if (options.preview === undefined) throw new BundleError(`${where}: {{%preview}} without a preview text`);
    return parseTree(options.preview, `${where} preview`);
  };
  for (const t of tokenize(source, where)) {
    const top = stack[stack.length - 1] as { path: string; children: SlotNode[] };
    if (t.type === 'text') top.children.push({ type: 'text', text: t.value });
    else if (t.type === 'preview') {
      const written = options.escape ?? ((x: string) => x);
      top.children.push(...mapText(preview(), written));
    } else if (t.type === 'pad') {
      // The runtime pads to the filled text's length; a provider cannot count, so the padding follows the
      // preview's own words (values count nothing): a little more invisible padding, never less.
      const length = printTree(stripValues(preview())).length;
      if (length < PREVIEW_MAX_LENGTH) {
        top.children.push({ type: 'text', text: `<div>${PREVIEW_PADDING.repeat(PREVIEW_MAX_LENGTH - length)}</div>` });
      }
    } else if (t.type === 'value') {
      // A provider cannot test a value for right-to-left letters: the isolation is written where the email is
      // right to left, where every value needs it (in a left-to-right email, a right-to-left name may reorder).
      const isolated = t.format?.name === 'isolate' && options.dir === 'rtl';
      if (isolated) top.children.push({ type: 'text', text: FSI });
      top.children.push({ type: 'value', path: t.value });
      if (isolated) top.children.push({ type: 'text', text: PDI });
    } else if (t.type === 'close') {
      if (stack.length === 1 || top.path !== t.value) throw new BundleError(`${where}: unbalanced "{{/${t.value}}}"`);
      stack.pop();
    } else {
      const children: SlotNode[] = [];
      top.children.push({ type: 'section', path: t.value, inverted: t.type === 'inverted', children });
      stack.push({ path: t.value, children });
    }
  }
  if (stack.length > 1) throw new BundleError(`${where}: section "${stack[stack.length - 1]?.path}" is never closed`);
  return root;
}

/** The tree with each text node rewritten. */
function mapText(nodes: readonly SlotNode[], f: (text: string) => string): SlotNode[] {
  return nodes.map((n) =>
    n.type === 'text'
      ? { ...n, text: f(n.text) }
      : n.type === 'section'
        ? { ...n, children: mapText(n.children, f) }
        : n,
  );
}

/** The tree's text only: what the preview says without its values. */
function stripValues(nodes: readonly SlotNode[]): SlotNode[] {
  return nodes.flatMap((n): SlotNode[] =>
    n.type === 'value' ? [] : n.type === 'section' ? (n.inverted ? [] : stripValues(n.children)) : [n],
  );
}

/** A present section directly followed by the absent section of the same path: an if/else pair. */
export function elsePartner(nodes: readonly SlotNode[], i: number): Extract<SlotNode, { type: 'section' }> | undefined {
  const node = nodes[i];
  const next = nodes[i + 1];
  return node?.type === 'section' &&
    !node.inverted &&
    next?.type === 'section' &&
    next.inverted &&
    next.path === node.path
    ? next
    : undefined;
}

/** Back to the slot syntax (for tests and for computing segments). */
export function printTree(nodes: readonly SlotNode[]): string {
  return nodes
    .map((n) =>
      n.type === 'text'
        ? n.text
        : n.type === 'value'
          ? `{{${n.path}}}`
          : `{{${n.inverted ? '^' : '#'}${n.path}}}${printTree(n.children)}{{/${n.path}}}`,
    )
    .join('');
}

/** The tree with the sections of paths that are always there decided: present ones kept, absent ones dropped. */
export function decideAlwaysPresent(nodes: readonly SlotNode[], always: ReadonlySet<string>): SlotNode[] {
  return nodes.flatMap((node): SlotNode[] => {
    if (node.type !== 'section') return [node];
    const children = decideAlwaysPresent(node.children, always);
    if (!always.has(node.path)) return [{ ...node, children }];
    return node.inverted ? [] : children;
  });
}

/** The paths every valid send has: required fields under required parents. */
export function alwaysPresentPaths(
  fields: readonly { path: string; required: boolean; parent: number }[],
): Set<string> {
  const out = new Set<string>();
  for (const f of fields) {
    if (f.required && (f.parent === -1 || out.has((fields[f.parent] as { path: string }).path))) out.add(f.path);
  }
  return out;
}

const leading = (t: string) => /^\n*/.exec(t)?.[0].length ?? 0;
const trailing = (t: string) => /\n*$/.exec(t)?.[0].length ?? 0;
/** A branch that ends a paragraph: with a blank line, or with nothing at all. */
const endsParagraph = (branch: readonly SlotNode[]) => {
  const end = branch[branch.length - 1];
  return end === undefined || (end.type === 'text' && trailing(end.text) >= 2);
};
/** A run of line breaks as the runtime's text part leaves it: three or more are a blank line. */
const cap = (n: number) => (n >= 3 ? 2 : n);

/**
 * The text part's tree rewritten so that an engine that only fills and repeats gives what authmail's
 * runtime gives after it tidies the text (runs of 3+ line breaks become one blank line, ends trimmed):
 * a blank line before a section absorbs the section's own leading breaks, and the breaks after it move
 * inside it, so present or absent the paragraphs keep one blank line between them. Sections one after
 * another, each a paragraph of its own (a block of markup, `s.block`), are treated alike.
 */
export function tidyText(nodes: readonly SlotNode[], top = true): SlotNode[] {
  const list: SlotNode[] = nodes.map((n) =>
    n.type === 'section' ? { ...n, children: tidyText(n.children, false) } : { ...n },
  );
  const setText = (i: number, text: string) => {
    list[i] = { type: 'text', text };
  };
  const branchEdge = (branch: SlotNode[], end: 'start' | 'end', f: (t: string) => string) => {
    const k = end === 'start' ? 0 : branch.length - 1;
    const node = branch[k];
    if (node?.type === 'text') branch[k] = { type: 'text', text: f(node.text) };
  };
  // Whether the section just before ends where a paragraph ends, in each of its branches (a blank line,
  // or nothing at all): then a section right after it starts a paragraph too (blocks one after another).
  let blockBefore = false;
  for (let i = 0; i < list.length; i++) {
    const node = list[i] as SlotNode;
    if (node.type !== 'section') {
      blockBefore = false;
      continue;
    }
    const partner = elsePartner(list, i);
    const last = partner ? i + 1 : i;
    const branches = [node, ...(partner ? [partner] : [])].map((b) => b.children);
    const prev = list[i - 1];
    const next = list[last + 1];
    const a: number =
      prev?.type === 'text' ? trailing(prev.text) : i === 0 && top ? Number.POSITIVE_INFINITY : blockBefore ? 2 : 0;
    if (a >= 2) {
      for (const b of branches) branchEdge(b, 'start', (t) => t.replace(/^\n+/, ''));
      const d = next?.type === 'text' ? leading(next.text) : 0;
      if (d > 0 && next?.type === 'text') {
        for (const b of branches) {
          const end = b[b.length - 1];
          const c = end?.type === 'text' ? trailing(end.text) : 0;
          branchEdge(b, 'end', (t) => t.replace(/\n*$/, '\n'.repeat(cap(c + d))));
          // An empty branch adds nothing: the text before it already ends with the blank line.
          if (end !== undefined && end.type !== 'text') b.push({ type: 'text', text: '\n'.repeat(cap(d)) });
        }
        setText(last + 1, next.text.slice(d));
      }
    }
    if (top && last === list.length - 1) for (const b of branches) branchEdge(b, 'end', (t) => t.replace(/\n+$/, ''));
    blockBefore = a >= 2 && branches.every(endsParagraph);
    i = last;
  }
  return list.map((n) => (n.type === 'text' ? { type: 'text', text: n.text.replace(/\n{3,}/g, '\n\n') } : n));
}

/**
 * The text part of a right-to-left email with its left-to-right lines isolated, as the runtime does
 * (bidi.ts keepLtrLines): the lines that lie inside one text node, which are the template's own
 * (a company's address, its name); a line with a value is the data's and left as it is.
 */
function keepLtrText(nodes: SlotNode[], dir: Direction | undefined): SlotNode[] {
  if (dir !== 'rtl') return nodes;
  return nodes.map((node, i) => {
    if (node.type !== 'text') return node;
    const lines = node.text.split('\n');
    const whole = (k: number) => (k > 0 || i === 0) && (k < lines.length - 1 || i === nodes.length - 1);
    return { type: 'text', text: lines.map((line, k) => (whole(k) ? keepLtrLines(line, 'rtl') : line)).join('\n') };
  });
}

/**
 * The three parts of a bundle email as the dialects read them: React Email's preview text in place, the
 * text part tidied as the runtime tidies it. The export and the data authmail computes for a hosted send
 * read the same trees.
 */
export function sourceTrees(
  source: {
    readonly subject: string;
    readonly html: string;
    readonly text: string;
    readonly preview?: string | undefined;
    readonly dir?: Direction | undefined;
  },
  where: string,
  options: { isolate?: 'in-template' | 'in-data' } = {},
): { subject: SlotNode[]; html: SlotNode[]; text: SlotNode[] } {
  const { preview } = source;
  // Isolation is written into the template only for an engine that is given raw values (Logto's);
  // every other sender isolates in the data, as the contract says.
  const dir = options.isolate === 'in-template' ? source.dir : undefined;
  return {
    subject: parseTree(source.subject, `${where} subject`, { preview, dir }),
    html: parseTree(source.html, `${where} html`, { preview, escape: escapeHtml, dir }),
    text: keepLtrText(tidyText(parseTree(source.text, `${where} text`, { preview, dir })), source.dir),
  };
}
