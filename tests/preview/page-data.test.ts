/** Data written into a page (src/preview/page-data.ts): no value ends or bends its element, and it reads back whole. */
import { DomUtils, parseDocument } from 'htmlparser2';
import { expect, it } from 'vitest';
import { dataScript } from '../../src/preview/page-data.ts';

it('keeps every value inside its script element, and reads back as written', () => {
  const data = {
    subject: '</script><script>alert(1)</script>',
    comment: '<!-- <script>',
    upper: '</SCRIPT >',
    dollar: "$& $' $`",
    text: 'Ihr Code: 123 456 · 你的验证码 · رمزك',
  };
  const doc = parseDocument(`<body>${dataScript('first-view', data)}<p id="after">after</p></body>`);
  const scripts = DomUtils.getElementsByTagName('script', doc);
  expect(scripts).toHaveLength(1);
  expect(scripts[0]?.attribs).toEqual({ type: 'application/json', id: 'first-view' });
  expect(JSON.parse(DomUtils.textContent(scripts[0] as NonNullable<(typeof scripts)[0]>))).toEqual(data);
  // The element after it is still an element of the page.
  const after = DomUtils.getElementById('after', doc);
  expect(after?.parent && DomUtils.isTag(after.parent) ? after.parent.name : undefined).toBe('body');
});
