import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/errors.ts';
import { asIs, escapeHtml } from '../../src/runtime/escape.ts';
import { compile, PREVIEW_PADDING, run, type SlotScope, type SlotValue } from '../../src/runtime/program.ts';

const paths = ['a', 'b', 'c.d'];
const indexOf = (p: string) => {
  const i = paths.indexOf(p);
  return i === -1 ? undefined : i;
};
const fill = (source: string, values: unknown[], escaper = asIs) =>
  run(compile(source, indexOf, 'test'), values as SlotValue[], escaper);

describe('slot programs', () => {
  it('fills values and sections', () => {
    const src = 'Hi{{#a}} {{a}}{{/a}}{{^a}} there{{/a}}, {{c.d}}!';
    expect(fill(src, ['Mina', undefined, 'x'])).toBe('Hi Mina, x!');
    expect(fill(src, [undefined, undefined, 'x'])).toBe('Hi there, x!');
    expect(fill('{{#a}}{{#b}}ab{{/b}}{{^b}}a{{/b}}{{/a}}{{^a}}-{{/a}}', ['1', '2'])).toBe('ab');
    expect(fill('{{#a}}{{#b}}ab{{/b}}{{^b}}a{{/b}}{{/a}}{{^a}}-{{/a}}', ['1', undefined])).toBe('a');
    expect(fill('{{#a}}{{#b}}ab{{/b}}{{^b}}a{{/b}}{{/a}}{{^a}}-{{/a}}', [undefined, '2'])).toBe('-');
  });

  it('treats a present object as present and prints nothing for it', () => {
    expect(fill('{{#c.d}}yes{{/c.d}}', [undefined, undefined, true])).toBe('yes');
    expect(fill('[{{a}}]', [undefined])).toBe('[]');
  });

  it('escapes exactly like React in HTML and not at all in text', () => {
    const hostile = `<a href="x">Tom & 'Jerry'</a>`;
    expect(fill('{{a}}', [hostile], escapeHtml)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;/a&gt;',
    );
    expect(fill('{{a}}', [hostile], asIs)).toBe(hostile);
    expect(escapeHtml('plain')).toBe('plain');
  });

  it.each([
    ['{{#a}}open', /section "a" is never closed/],
    ['{{#a}}x{{/b}}', /"\{\{\/b\}\}" closes "a"/],
    ['x{{/a}}', /closes nothing/],
    ['{{ a }}', /malformed slot/],
    ['{{a}', /malformed slot/],
    ['}}', /malformed slot/],
    ['{{{a}}}', /malformed slot/],
    ['{{zzz}}', /slot "zzz" is not a variable/],
  ])('rejects %j', (source, message) => {
    expect(() => compile(source, indexOf, 'test')).toThrow(BundleError);
    expect(() => compile(source, indexOf, 'test')).toThrow(message);
  });
});

describe('slot programs: lists, formats, plurals, previews', () => {
  // Top level: a, items (a list of { items.name, items.tags (a list of { items.tags.label }) }), n, d.
  const tags: SlotScope = { index: (p) => (p === 'items.tags.label' ? 0 : undefined) };
  const item: SlotScope = {
    index: (p) => ({ 'items.name': 0, 'items.tags': 1 })[p],
    items: (p) => (p === 'items.tags' ? tags : undefined),
  };
  const top: SlotScope = {
    index: (p) => ({ a: 0, items: 1, n: 2, d: 3 })[p],
    items: (p) => (p === 'items' ? item : undefined),
  };
  const fill2 = (source: string, values: SlotValue[], context = { locale: 'en' }) =>
    run(compile(source, top, 'test'), values, escapeHtml, context);

  it('repeats a list section per item, items reading their own fields and the outer ones', () => {
    const src =
      '<ul>{{#items}}<li>{{items.name}} ({{a}}){{#items.tags}} #{{items.tags.label}}{{/items.tags}}</li>{{/items}}{{^items}}<li>none</li>{{/items}}</ul>';
    const items = [
      ['A & B', [['x'], ['y']]],
      ['C', undefined],
    ] as unknown as SlotValue;
    expect(fill2(src, ['top', items])).toBe('<ul><li>A &amp; B (top) #x #y</li><li>C (top)</li></ul>');
    expect(fill2(src, ['top', undefined])).toBe('<ul><li>none</li></ul>');
    expect(fill2(src, ['top', []])).toBe('<ul><li>none</li></ul>');
  });

  it('formats dates and numbers at send time, in the email’s locale and the send’s time zone', () => {
    const d = '2026-12-06T23:30:00.000Z';
    expect(fill2('{{d:datetime:dateStyle=long}}', [undefined, undefined, undefined, d], { locale: 'de' })).toBe(
      '6. Dezember 2026',
    );
    expect(
      fill2('{{d:datetime:dateStyle=long}}', [undefined, undefined, undefined, d], {
        locale: 'de',
        timeZone: 'Asia/Tokyo',
      } as never),
    ).toBe('7. Dezember 2026');
    expect(
      fill2('{{d:datetime:dateStyle=medium,locale=en-US,timeZone=UTC}}', [undefined, undefined, undefined, d], {
        locale: 'de',
      }),
    ).toBe('Dec 6, 2026');
    expect(
      fill2('{{n:number}} · {{n:number:style=currency,currency=EUR}}', [undefined, undefined, '1234.5'], {
        locale: 'de',
      }),
    ).toBe('1.234,5 · 1.234,50\u00a0€');
    expect(fill2('{{a:upper}}|{{a:lower}}|{{a:trim}}', [' Mina '])).toBe(' MINA | mina |Mina');
  });

  it('keeps the plural form the number takes in the email’s locale', () => {
    const src = '{{#n:one}}{{n}} Datei{{/n:one}}{{#n:other}}{{n}} Dateien{{/n:other}}';
    expect(fill2(src, [undefined, undefined, '1'], { locale: 'de' })).toBe('1 Datei');
    expect(fill2(src, [undefined, undefined, '3'], { locale: 'de' })).toBe('3 Dateien');
    const ru = '{{#n:one}}a{{/n:one}}{{#n:few}}b{{/n:few}}{{#n:many}}c{{/n:many}}';
    expect(
      ['1', '2', '5', '21', '22', '11'].map((n) => fill2(ru, [undefined, undefined, n], { locale: 'ru' })).join(''),
    ).toBe('abcabc');
  });

  it('prints the preview text cut at 200 characters, escaped, and pads it as React Email does', () => {
    const program = compile('<title>{{%preview}}</title><div>{{%preview}}{{%pad}}</div>', top, 'test');
    const short = run(program, [], escapeHtml, { locale: 'en', previewText: 'Hi <you>' });
    expect(short).toBe(
      `<title>Hi &lt;you&gt;</title><div>Hi &lt;you&gt;<div>${PREVIEW_PADDING.repeat(192)}</div></div>`,
    );
    const long = run(program, [], escapeHtml, { locale: 'en', previewText: 'x'.repeat(250) });
    expect(long).toBe(`<title>${'x'.repeat(200)}</title><div>${'x'.repeat(200)}</div>`);
  });

  it.each([
    ['{{d:datetime:dateStyle=huge}}', /format "datetime": .*dateStyle/],
    ['{{d:datetime:colour=red}}', /format "datetime" has no option colour/],
    ['{{d:spell}}', /unknown format "spell"/],
    ['{{#n:lots}}x{{/n:lots}}', /unknown plural category "lots"/],
    ['{{#n:one}}x{{/n}}', /closes "n:one"/],
    ['{{%nope}}', /malformed slot|unknown slot/],
    ['{{items.name}}', /slot "items.name" is not a variable/],
  ])('rejects %j when compiling, not when sending', (source, message) => {
    expect(() => compile(source, top, 'test')).toThrow(message);
  });
});
