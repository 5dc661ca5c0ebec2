/**
 * A bundle part (subject, HTML or text) as a tree of text, values and
 * sections — the form the exporters translate into providers' dialects.
 */
import { BundleError } from '../core/errors.ts';
import { tokenize } from '../runtime/program.ts';

export type SlotNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'value'; readonly path: string }
  | { readonly type: 'section'; readonly path: string; readonly inverted: boolean; readonly children: SlotNode[] };

export function parseTree(source: string, where: string): SlotNode[] {
  const root: SlotNode[] = [];
  const stack: { path: string; children: SlotNode[] }[] = [{ path: '', children: root }];
  for (const t of tokenize(source, where)) {
    const top = stack[stack.length - 1] as { path: string; children: SlotNode[] };
    if (t.type === 'text') top.children.push({ type: 'text', text: t.value });
    else if (t.type === 'value') top.children.push({ type: 'value', path: t.value });
    else if (t.type === 'close') {
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
