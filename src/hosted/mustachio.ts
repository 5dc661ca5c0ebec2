/**
 * Mustachio (Postmark): Mustache sections without implicit parent lookup —
 * inside `{{#a.b}}` a name resolves only against `a.b`, so every path gets
 * one `../` per segment of each enclosing section path.
 */
import type { SlotNode } from './tree.ts';
import { type Dialect, HTML_NAMESPACE, type Part, partwise } from './types.ts';

const segments = (path: string) => path.split('.').length;

function emit(nodes: readonly SlotNode[], part: Part, depth: number): string {
  const up = '../'.repeat(depth);
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') out += `{{{${up}${part === 'html' ? `${HTML_NAMESPACE}.` : ''}${node.path}}}}`;
    else {
      const tag = `${up}${node.path}`;
      out += `{{${node.inverted ? '^' : '#'}${tag}}}${emit(node.children, part, depth + segments(node.path))}{{/${tag}}}`;
    }
  }
  return out;
}

export const mustachio: Dialect = partwise('mustachio', (nodes, part) => emit(nodes, part, 0));
