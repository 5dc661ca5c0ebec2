/**
 * Handlebars (SendGrid dynamic templates, Mailgun, AWS SES stored templates):
 * `{{#if}}…{{else}}…{{/if}}`, `{{#unless}}`, triple-stash values. Paths stay
 * absolute because `#if` keeps the context.
 */
import { elsePartner, type SlotNode } from './tree.ts';
import { type Dialect, HTML_NAMESPACE, type Part, partwise } from './types.ts';

function emit(nodes: readonly SlotNode[], part: Part): string {
  let out = '';
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i] as SlotNode;
    if (node.type === 'text') out += node.text;
    else if (node.type === 'value') out += `{{{${part === 'html' ? `${HTML_NAMESPACE}.` : ''}${node.path}}}}`;
    else if (node.inverted) out += `{{#unless ${node.path}}}${emit(node.children, part)}{{/unless}}`;
    else {
      const otherwise = elsePartner(nodes, i);
      out += `{{#if ${node.path}}}${emit(node.children, part)}`;
      if (otherwise) {
        out += `{{else}}${emit(otherwise.children, part)}`;
        i++;
      }
      out += '{{/if}}';
    }
  }
  return out;
}

export const handlebars: Dialect = partwise('handlebars', emit);
