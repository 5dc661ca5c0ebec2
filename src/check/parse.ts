/**
 * Parses an email once for every rule: the HTML tree (with source offsets),
 * every CSS declaration (inline `style=""` and `<style>` sheets, including
 * those inside `@media`), selectors and at-rules, with line/column lookup.
 */
import * as csstree from 'css-tree';
import type { ChildNode, Document, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { CheckEmail, Location } from './types.ts';

export interface Declaration {
  property: string;
  value: string;
  important: boolean;
  /** The parsed value (css-tree AST). */
  ast: csstree.CssNode;
  /** `inline` (style attribute) or `sheet` (`<style>` element). */
  origin: 'inline' | 'sheet';
  /** The element carrying the style attribute (inline). */
  element?: Element | undefined;
  /** At-rule preludes around the rule, outermost first, e.g. `media (prefers-color-scheme:dark)`. */
  atRules: string[];
  /** The selector of the sheet rule holding the declaration. */
  selector?: string | undefined;
  /** Offset in the HTML source. */
  offset: number;
}

export interface SheetRule {
  selector: string;
  ast: csstree.SelectorList | csstree.Raw;
  atRules: string[];
  offset: number;
}

export interface AtRule {
  name: string;
  prelude: string;
  offset: number;
}

export interface ParsedEmail extends CheckEmail {
  readonly doc: Document;
  /** Every element in document order. */
  readonly elements: readonly Element[];
  readonly declarations: readonly Declaration[];
  readonly sheetRules: readonly SheetRule[];
  readonly atRules: readonly AtRule[];
  /** `<style>` text, concatenated. */
  readonly styleText: string;
  /** Whether the sheets contain CSS comments. */
  readonly cssComments: boolean;
  /** Location of an offset in the HTML source. */
  at(offset: number, element?: Element): Location;
}

export const isElement = (node: ChildNode): node is Element =>
  node.type === 'tag' || node.type === 'script' || node.type === 'style';

export function walk(nodes: readonly ChildNode[], visit: (node: ChildNode) => void) {
  for (const node of nodes) {
    visit(node);
    if ('children' in node) walk(node.children as ChildNode[], visit);
  }
}

/** All text inside a node, as a browser's `textContent`. */
export function textOf(node: ChildNode): string {
  if (node.type === 'text') return node.data;
  if ('children' in node) return (node.children as ChildNode[]).map(textOf).join('');
  return '';
}

/** `<td class="am-code">`: tag and the attributes a designer recognizes. */
export function describe(element: Element): string {
  const keep = ['class', 'id', 'href', 'src', 'role', 'alt'];
  const attrs = keep
    .filter((a) => element.attribs[a] !== undefined)
    .map((a) => {
      const v = element.attribs[a] as string;
      return `${a}="${v.length > 40 ? `${v.slice(0, 37)}…` : v}"`;
    });
  return `<${[element.name, ...attrs].join(' ')}>`;
}

export const shorten = (s: string, max = 80) => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

function lineIndex(source: string) {
  const starts = [0];
  for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset: number) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] as number) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
  };
}

function atRulePath(path: csstree.CssNode[]): string[] {
  return path
    .filter((n): n is csstree.Atrule => n.type === 'Atrule')
    .map((a) => `${a.name}${a.prelude ? ` ${csstree.generate(a.prelude)}` : ''}`);
}

function readDeclarations(
  block: csstree.CssNode,
  origin: Declaration['origin'],
  base: number,
  element: Element | undefined,
  out: Declaration[],
  sheetRules: SheetRule[],
  atRules: AtRule[],
) {
  const stack: csstree.CssNode[] = [];
  csstree.walk(block, {
    enter(node: csstree.CssNode) {
      stack.push(node);
      const offset = base + (node.loc?.start.offset ?? 0);
      if (node.type === 'Declaration') {
        const rule = stack.findLast((n): n is csstree.Rule => n.type === 'Rule');
        out.push({
          selector: rule ? csstree.generate(rule.prelude) : undefined,
          property: node.property.toLowerCase(),
          value: csstree.generate(node.value),
          important: node.important !== false,
          ast: node.value,
          origin,
          element,
          atRules: atRulePath(stack),
          offset,
        });
      } else if (node.type === 'Rule') {
        sheetRules.push({
          selector: csstree.generate(node.prelude),
          ast: node.prelude as csstree.SelectorList | csstree.Raw,
          atRules: atRulePath(stack.slice(0, -1)),
          offset,
        });
      } else if (node.type === 'Atrule') {
        atRules.push({
          name: node.name.toLowerCase(),
          prelude: node.prelude ? csstree.generate(node.prelude) : '',
          offset,
        });
      }
    },
    leave() {
      stack.pop();
    },
  });
}

/** Parses an email for the rules. */
export function parseEmail(email: CheckEmail): ParsedEmail {
  const doc = parseDocument(email.html, { withStartIndices: true, withEndIndices: true });
  const elements: Element[] = [];
  walk(doc.children, (n) => {
    if (isElement(n)) elements.push(n);
  });
  const declarations: Declaration[] = [];
  const sheetRules: SheetRule[] = [];
  const atRules: AtRule[] = [];
  let styleText = '';
  let cssComments = false;
  for (const el of elements) {
    if (el.name === 'style') {
      const css = textOf(el);
      styleText += css;
      if (css.includes('/*')) cssComments = true;
      const start = (el.children[0]?.startIndex ?? el.startIndex ?? 0) as number;
      const ast = csstree.parse(css, { positions: true });
      readDeclarations(ast, 'sheet', start, undefined, declarations, sheetRules, atRules);
    }
    const style = el.attribs.style;
    if (style !== undefined) {
      // Offset of the attribute value within the tag, for a useful column.
      const tagStart = el.startIndex ?? 0;
      const inTag = email.html.indexOf('style="', tagStart);
      const base = inTag >= 0 ? inTag + 7 : tagStart;
      const ast = csstree.parse(style, { context: 'declarationList', positions: true });
      readDeclarations(ast, 'inline', base, el, declarations, sheetRules, atRules);
    }
  }
  const locate = lineIndex(email.html);
  return {
    ...email,
    doc,
    elements,
    declarations,
    sheetRules,
    atRules,
    styleText,
    cssComments,
    at(offset, element) {
      const { line, column } = locate(offset);
      const snippet = element
        ? shorten(email.html.slice(element.startIndex ?? offset, (element.startIndex ?? offset) + 120), 100)
        : shorten(email.html.slice(offset, offset + 100));
      return { part: 'html', line, column, ...(element ? { element: describe(element) } : {}), snippet };
    },
  };
}

/** The inline declarations of one element, last wins. */
export function inlineStyle(email: ParsedEmail, element: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const d of email.declarations) if (d.element === element) map.set(d.property, d.value);
  return map;
}
