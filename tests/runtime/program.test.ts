import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/errors.ts';
import { asIs, escapeHtml } from '../../src/runtime/escape.ts';
import { compile, run } from '../../src/runtime/program.ts';

const paths = ['a', 'b', 'c.d'];
const indexOf = (p: string) => {
  const i = paths.indexOf(p);
  return i === -1 ? undefined : i;
};
const fill = (source: string, values: unknown[], escaper = asIs) =>
  run(compile(source, indexOf, 'test'), values, escaper);

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
