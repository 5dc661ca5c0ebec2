import { describe, expect, it } from 'vitest';
import { checkSlots } from '../../src/build/checks.ts';
import { flatten } from '../../src/catalog/fields.ts';

const fields = flatten({
  link: { kind: 'url', required: true, description: 'a link' },
  dark: { kind: 'url', required: false, description: 'a dark logo' },
  email: { kind: 'email', required: true, description: 'an address' },
  name: { kind: 'text', required: true, description: 'a name' },
  when: { kind: 'datetime', required: true, description: 'a date' },
  user: {
    kind: 'object',
    required: true,
    description: 'a user',
    fields: { id: { kind: 'text', required: true, description: 'id' } },
  },
});

const check =
  (html: string, subject = 'Hello', text = 'Hello') =>
  () =>
    checkSlots('t/en', { subject, html, text }, fields, []);

describe('build checks on slots', () => {
  it('lets a url value start an attribute, with text after it, and an email after mailto:', () => {
    expect(
      check('<a href="{{link}}">x</a><a href="{{link}}?ref=mail">y</a><a href="mailto:{{email}}">z</a>'),
    ).not.toThrow();
  });

  it('lets if/else branches each start the attribute', () => {
    expect(check('<img src="{{#dark}}{{dark}}{{/dark}}{{^dark}}{{link}}{{/dark}}"/>')).not.toThrow();
    expect(check('<img src="{{#link}}{{#dark}}{{dark}}{{/dark}}{{^dark}}{{link}}{{/dark}}{{/link}}"/>')).not.toThrow();
  });

  it('refuses a value anything could come before in a URL attribute', () => {
    expect(check('<a href="https://evil.example/?u={{link}}">x</a>')).toThrow(/"link" must start the attribute/);
    expect(check('<a href="{{dark}}{{link}}">x</a>')).toThrow(/"link" must start the attribute/);
    expect(check('<a href="{{#dark}}{{dark}}{{/dark}}{{link}}">x</a>')).toThrow(/"link" must start the attribute/);
    expect(check('<a href="x{{email}}">x</a>')).toThrow(/"email" must start the attribute after mailto:/);
  });

  it('refuses a value that is not a url in a URL attribute', () => {
    expect(check('<a href="{{name}}">x</a>')).toThrow(/"name" is not a url .* sits in href=/);
    expect(check('<img src="https://cdn.example/{{name}}.png"/>')).toThrow(/"name" is not a url/);
  });

  it('names undeclared slots, printed objects and subject values of the wrong kind', () => {
    expect(check('<p>{{nope}}</p>')).toThrow(/html uses "\{\{nope\}\}", which the template does not declare/);
    expect(check('<p>{{user}}</p>')).toThrow(/html prints object "user"/);
    expect(check('<p>x</p>', 'Go to {{link}}')).toThrow(/subject may only hold .* not url "link"/);
    expect(check('<p>x</p>', 'On {{when:datetime:dateStyle=long}}')).not.toThrow();
    expect(check('<p>x</p>', 'a\nb')).toThrow(/subject contains a line break/);
  });
});
