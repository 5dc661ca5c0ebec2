/**
 * Client support from caniemail data for Gmail, Outlook, Apple Mail and
 * Yahoo: every HTML element and attribute, every CSS property, value,
 * unit, function, selector and at-rule the email uses — inline styles and
 * `<style>` sheets alike, including declarations inside `@media`.
 * Unsupported somewhere → error; partially supported → warning; a feature
 * that only decorates (an outline, an underline, rounded corners) → info.
 */
import * as csstree from 'css-tree';
import type { Element } from 'domhandler';
import { type ClientSupport, caniemailData, feature, supportOf } from '../caniemail.ts';
import { type ParsedEmail, shorten } from '../parse.ts';
import type { EmailRule, Location, RuleFinding } from '../types.ts';

/** A feature used by the email, and where first. */
export interface Usage {
  slug: string;
  location: Location;
  count: number;
}

/** CSS properties whose caniemail feature is not simply `css-<property>`. */
const PROPERTY_ALIASES: Record<string, string> = {
  'block-size': 'css-block-inline-size',
  'inline-size': 'css-block-inline-size',
  'border-inline': 'css-border-inline-block',
  'border-block': 'css-border-inline-block',
  'border-block-end': 'css-border-inline-block-individual',
  'border-block-start': 'css-border-inline-block-individual',
  'border-inline-end': 'css-border-inline-block-individual',
  'border-inline-start': 'css-border-inline-block-individual',
  'border-block-color': 'css-border-inline-block-longhand',
  'border-block-style': 'css-border-inline-block-longhand',
  'border-block-width': 'css-border-inline-block-longhand',
  'border-inline-color': 'css-border-inline-block-longhand',
  'border-inline-style': 'css-border-inline-block-longhand',
  'border-inline-width': 'css-border-inline-block-longhand',
  'border-end-end-radius': 'css-border-radius-logical',
  'border-end-start-radius': 'css-border-radius-logical',
  'border-start-end-radius': 'css-border-radius-logical',
  'border-start-start-radius': 'css-border-radius-logical',
  'column-gap': 'css-gap',
  'row-gap': 'css-gap',
  gap: 'css-gap',
  'grid-template': 'css-grid-template',
  'grid-template-areas': 'css-grid-template',
  'grid-template-columns': 'css-grid-template',
  'grid-template-rows': 'css-grid-template',
  'margin-block-end': 'css-margin-block-start-end',
  'margin-block-start': 'css-margin-block-start-end',
  'margin-block': 'css-margin-inline-block',
  'margin-inline': 'css-margin-inline-block',
  'margin-inline-end': 'css-margin-inline-start-end',
  'margin-inline-start': 'css-margin-inline-start-end',
  'padding-block-end': 'css-padding-block-start-end',
  'padding-block-start': 'css-padding-block-start-end',
  'padding-block': 'css-padding-inline-block',
  'padding-inline': 'css-padding-inline-block',
  'padding-inline-end': 'css-padding-inline-start-end',
  'padding-inline-start': 'css-padding-inline-start-end',
  left: 'css-left-right-top-bottom',
  right: 'css-left-right-top-bottom',
  top: 'css-left-right-top-bottom',
  bottom: 'css-left-right-top-bottom',
  font: 'css-font',
  columns: 'css-column-layout-properties',
  'column-fill': 'css-column-layout-properties',
  'column-rule': 'css-column-layout-properties',
  'column-span': 'css-column-layout-properties',
  'column-width': 'css-column-layout-properties',
};

const FUNCTIONS: Record<string, string> = {
  calc: 'css-unit-calc',
  var: 'css-variables',
  'linear-gradient': 'css-linear-gradient',
  'repeating-linear-gradient': 'css-linear-gradient',
  'radial-gradient': 'css-radial-gradient',
  'repeating-radial-gradient': 'css-radial-gradient',
  'conic-gradient': 'css-conic-gradient',
  clamp: 'css-function-clamp',
  min: 'css-function-min',
  max: 'css-function-max',
  'light-dark': 'css-function-light-dark',
  rgb: 'css-rgb',
  rgba: 'css-rgba',
  lch: 'css-modern-color',
  oklch: 'css-modern-color',
  lab: 'css-modern-color',
  oklab: 'css-modern-color',
  lang: 'css-pseudo-class-lang',
};

const VALUE_KEYWORDS: Record<string, string> = {
  'system-ui': 'css-sytem-ui',
  'ui-serif': 'css-sytem-ui',
  'ui-sans-serif': 'css-sytem-ui',
  'ui-rounded': 'css-sytem-ui',
  'ui-monospace': 'css-sytem-ui',
  'fit-content': 'css-intrinsic-size',
  'min-content': 'css-intrinsic-size',
  'max-content': 'css-intrinsic-size',
  initial: 'css-unit-initial',
};

const PROPERTY_VALUES: Record<string, string> = {
  'display:flex': 'css-display-flex',
  'display:inline-flex': 'css-display-flex',
  'display:grid': 'css-display-grid',
  'display:inline-grid': 'css-display-grid',
  'display:none': 'css-display-none',
  'flex-direction:column': 'css-flex-direction',
  'flex-wrap:wrap': 'css-flex-wrap',
};

const IMAGE_FORMATS: Record<string, string> = {
  png: 'image-png',
  apng: 'image-apng',
  jpg: 'image-jpg',
  jpeg: 'image-jpg',
  gif: 'image-gif',
  svg: 'image-svg',
  webp: 'image-webp',
  avif: 'image-avif',
  bmp: 'image-bmp',
  ico: 'image-ico',
  tif: 'image-tiff',
  tiff: 'image-tiff',
  heic: 'image-heif',
  heif: 'image-heif',
  hdr: 'image-hdr',
  mp4: 'image-mp4',
};

const SEMANTIC = new Set([
  'article',
  'aside',
  'details',
  'figcaption',
  'figure',
  'footer',
  'header',
  'main',
  'mark',
  'nav',
  'section',
  'summary',
  'time',
]);

const ELEMENT_ALIASES: Record<string, string> = {
  h1: 'html-h1-h6',
  h2: 'html-h1-h6',
  h3: 'html-h1-h6',
  h4: 'html-h1-h6',
  h5: 'html-h1-h6',
  h6: 'html-h1-h6',
  ul: 'html-lists',
  ol: 'html-lists',
  dl: 'html-lists',
  map: 'html-image-maps',
  svg: 'html-svg',
  address: 'html-address',
  base: 'html-base',
};

const ATTRIBUTE_ALIASES: Record<string, string> = {
  loading: 'html-loading-attribute',
  srcset: 'html-srcset',
  sizes: 'html-srcset',
};

/** The caniemail feature of a CSS property, if any. */
export function propertyFeature(property: string): string | undefined {
  if (property.startsWith('--')) return 'css-variables';
  if (/^(-webkit-|-moz-|-ms-|-o-|mso-)/.test(property)) return undefined;
  const alias = PROPERTY_ALIASES[property];
  if (alias) return alias;
  if (/^border-.*radius$/.test(property)) return 'css-border-radius';
  if (/^list-style-/.test(property) && feature(`css-${property}`)) return `css-${property}`;
  if (feature(`css-${property}`)) return `css-${property}`;
  // Longhands: margin-top → margin, border-top-color → border, background-color has its own.
  const parts = property.split('-');
  while (parts.length > 1) {
    parts.pop();
    const slug = `css-${parts.join('-')}`;
    if (feature(slug)) return slug;
  }
  return undefined;
}

/** Every caniemail feature used in one CSS value (units, functions, keywords, image formats). */
export function valueFeatures(property: string, value: csstree.CssNode, important: boolean): string[] {
  const found = new Set<string>();
  const pair = PROPERTY_VALUES[`${property}:${csstree.generate(value).trim().toLowerCase()}`];
  if (pair) found.add(pair);
  if (important) found.add('css-important');
  csstree.walk(value, (node: csstree.CssNode) => {
    if (node.type === 'Dimension') {
      const slug = `css-unit-${node.unit.toLowerCase()}`;
      if (feature(slug)) found.add(slug);
    } else if (node.type === 'Percentage') found.add('css-unit-percent');
    else if (node.type === 'Function') {
      const slug = FUNCTIONS[node.name.toLowerCase()];
      if (slug) found.add(slug);
    } else if (node.type === 'Identifier') {
      const slug = VALUE_KEYWORDS[node.name.toLowerCase()];
      if (slug) found.add(slug);
    } else if (node.type === 'Url') {
      const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(node.value)?.[1]?.toLowerCase();
      const slug = ext ? IMAGE_FORMATS[ext] : undefined;
      if (slug) found.add(slug);
      if (node.value.startsWith('data:')) found.add('image-base64');
    }
  });
  return [...found];
}

/** Features of a selector list: combinators, selector types, pseudo-classes. */
export function selectorFeatures(ast: csstree.CssNode): string[] {
  const found = new Set<string>();
  if (ast.type === 'SelectorList' && ast.children.size > 1) found.add('css-selector-grouping');
  csstree.walk(ast, (node: csstree.CssNode) => {
    switch (node.type) {
      case 'Selector': {
        const classes = node.children.toArray().filter((c) => c.type === 'ClassSelector').length;
        if (classes >= 2) found.add('css-selector-chaining');
        break;
      }
      case 'ClassSelector':
        found.add('css-selector-class');
        break;
      case 'IdSelector':
        found.add('css-selector-id');
        break;
      case 'TypeSelector':
        found.add(node.name === '*' ? 'css-selector-universal' : 'css-selector-type');
        break;
      case 'AttributeSelector':
        found.add('css-selector-attribute');
        break;
      case 'Combinator': {
        const slug = {
          '>': 'css-selector-child',
          '+': 'css-selector-adjacent-sibling',
          '~': 'css-selector-general-sibling',
          ' ': 'css-selector-descendant',
        }[node.name];
        if (slug) found.add(slug);
        break;
      }
      case 'PseudoClassSelector': {
        const slug = `css-pseudo-class-${node.name.toLowerCase()}`;
        if (feature(slug)) found.add(slug);
        break;
      }
      case 'PseudoElementSelector': {
        const slug = `css-pseudo-element-${node.name.toLowerCase()}`;
        if (feature(slug)) found.add(slug);
        break;
      }
    }
  });
  return [...found];
}

/** Features of an at-rule: `@media`, and the media features that have their own entry. */
export function atRuleFeatures(name: string, prelude: string): string[] {
  const found: string[] = [];
  const direct = `css-at-${name}`;
  if (feature(direct)) found.push(direct);
  if (name === 'media') {
    if (/prefers-color-scheme/.test(prelude)) found.push('css-at-media-prefers-color-scheme');
    if (/prefers-reduced-motion/.test(prelude)) found.push('css-at-media-prefers-reduced-motion');
    if (/orientation/.test(prelude)) found.push('css-at-media-orientation');
    if (/\b(any-)?hover\b/.test(prelude)) found.push('css-at-media-hover');
    if (/device-pixel-ratio/.test(prelude)) found.push('css-at-media-device-pixel-ratio');
  }
  return found;
}

/** Features of an HTML element: the element, its attributes and element/attribute pairs. */
export function elementFeatures(el: Element): string[] {
  const found: string[] = [];
  const name = el.name.toLowerCase();
  const add = (slug: string) => {
    if (feature(slug)) found.push(slug);
  };
  if (SEMANTIC.has(name)) add('html-semantics');
  else if (ELEMENT_ALIASES[name]) add(ELEMENT_ALIASES[name]);
  else if (name === 'input') add(`html-input-${(el.attribs.type ?? 'text').toLowerCase()}`);
  else if (name === 'button') add(`html-button-${(el.attribs.type ?? 'submit').toLowerCase()}`);
  else add(`html-${name}`);
  for (const attr of Object.keys(el.attribs)) {
    const a = attr.toLowerCase();
    if (ATTRIBUTE_ALIASES[a]) add(ATTRIBUTE_ALIASES[a]);
    else if (a !== 'style' && a !== 'class' && a !== 'id' && a !== 'href' && a !== 'src' && a !== 'alt')
      add(`html-${a}`);
  }
  const href = el.attribs.href ?? '';
  if (name === 'a' && href.startsWith('#')) add('html-anchor-links');
  if (name === 'a' && href.toLowerCase().startsWith('mailto:')) add('html-mailto-links');
  if (name === 'meta' && el.attribs.name?.toLowerCase() === 'color-scheme') add('html-meta-color-scheme');
  if (name === 'img') {
    const src = el.attribs.src ?? '';
    if (src.startsWith('data:')) add('image-base64');
    const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(src)?.[1]?.toLowerCase();
    if (ext && IMAGE_FORMATS[ext]) add(IMAGE_FORMATS[ext]);
  }
  return found;
}

/** Every caniemail feature the email uses, with the first place it is used. */
export function featureUsage(email: ParsedEmail): Usage[] {
  const usage = new Map<string, Usage>();
  const use = (slug: string, location: () => Location) => {
    const u = usage.get(slug);
    if (u) u.count++;
    else usage.set(slug, { slug, location: location(), count: 1 });
  };
  if (/^<!doctype html>/i.test(email.html.trimStart())) use('html-doctype', () => email.at(0));
  if (/<!--(?!\[if|<!\[endif)/.test(email.html.replace(/<!--\[if[\s\S]*?<!\[endif\]-->/g, ''))) {
    use('html-comments', () => email.at(email.html.indexOf('<!--')));
  }
  for (const el of email.elements) {
    for (const slug of elementFeatures(el)) use(slug, () => email.at(el.startIndex ?? 0, el));
  }
  for (const d of email.declarations) {
    const where = () => {
      const base = email.at(d.offset, d.element);
      const context = d.origin === 'sheet' ? `<style>${d.atRules.map((a) => ` @${a}`).join('')}: ` : 'style="…';
      return { ...base, snippet: shorten(`${context}${d.property}:${d.value}${d.important ? '!important' : ''}`) };
    };
    const prop = propertyFeature(d.property);
    if (prop) use(prop, where);
    for (const slug of valueFeatures(d.property, d.ast, d.important)) use(slug, where);
  }
  for (const r of email.sheetRules) {
    for (const slug of selectorFeatures(r.ast)) {
      use(slug, () => ({ ...email.at(r.offset), snippet: shorten(`<style>: ${r.selector} {…}`) }));
    }
  }
  for (const a of email.atRules) {
    for (const slug of atRuleFeatures(a.name, a.prelude)) {
      use(slug, () => ({ ...email.at(a.offset), snippet: shorten(`<style>: @${a.name} ${a.prelude}`) }));
    }
  }
  if (email.cssComments) use('css-comments', () => email.at(email.html.indexOf('/*')));
  return [...usage.values()];
}

/** `Outlook (Windows, Windows Mail), Yahoo! Mail (iOS)`. */
const listClients = (list: ClientSupport[]) => {
  const byFamily = new Map<string, string[]>();
  for (const c of list) {
    const [family = '', platform = ''] = c.client.split('.');
    const data = caniemailData();
    const name = data.families[family] ?? family;
    byFamily.set(name, [...(byFamily.get(name) ?? []), data.platforms[platform] ?? platform]);
  }
  return [...byFamily].map(([family, platforms]) => `${family} (${platforms.join(', ')})`).join(', ');
};

/**
 * Features whose absence loses decoration only — never text, a link or the layout: where unsupported the
 * email reads and works the same. Reported as info, not as errors.
 */
export const DECORATION_ONLY: ReadonlyMap<string, string> = new Map([
  ['css-outline', 'no outline is drawn'],
  ['css-text-decoration', 'links keep or lose their underline'],
  ['css-text-decoration-line', 'links keep or lose their underline'],
  ['css-text-decoration-color', 'the underline takes the text colour'],
  ['css-text-decoration-style', 'the underline is solid'],
  ['css-text-decoration-thickness', 'the underline has its default thickness'],
  ['css-text-underline-offset', 'the underline sits at its default offset'],
  ['css-text-shadow', 'text has no shadow'],
  ['css-box-shadow', 'boxes have no shadow'],
  ['css-border-radius', 'corners are square'],
  ['css-sytem-ui', "the font stack's next font is used"],
]);

const notesOf = (list: ClientSupport[]) => [...new Set(list.flatMap((c) => c.notes))].map((n) => shorten(n, 140));

export const clientSupport: EmailRule = {
  id: 'client-support',
  family: 'client-support',
  kind: 'email',
  severity: 'error',
  description:
    'HTML and CSS features (elements, attributes, properties, values, units, functions, selectors, @media) that caniemail lists as unsupported (error) or partially supported (warning) in Gmail, Outlook, Apple Mail or Yahoo; a feature that only decorates (outline, underline, rounded corners, shadows) is info',
  check(email) {
    const findings: RuleFinding[] = [];
    for (const u of featureUsage(email)) {
      const f = feature(u.slug);
      if (!f) continue;
      const support = supportOf(f);
      const none = support.filter((s) => s.support === 'n');
      const partial = support.filter((s) => s.support === 'a');
      if (!none.length && !partial.length) continue;
      const parts: string[] = [];
      if (none.length) parts.push(`not supported in ${listClients(none)}`);
      if (partial.length) parts.push(`only partly supported in ${listClients(partial)}`);
      const notes = notesOf([...none, ...partial]);
      const times = u.count > 1 ? ` (used ${u.count}×)` : '';
      const decoration = DECORATION_ONLY.get(f.slug);
      findings.push({
        severity: decoration ? 'info' : none.length ? 'error' : 'warning',
        feature: f.slug,
        clients: [...none, ...partial].map((s) => s.client),
        message: `${f.title}${times} is ${parts.join('; ')}.${decoration ? ` Decoration only: where unsupported, ${decoration}.` : ''}${notes.length ? ` Notes: ${notes.join(' ')}` : ''} See ${f.url}`,
        location: u.location,
      });
    }
    return findings;
  },
};
