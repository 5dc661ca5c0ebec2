/**
 * The default frame's request details (logto.request), the invitation's
 * inviter with address and its expiry, and the code in groups — through both
 * renderers (React, and the runtime filling the built bundle), on the
 * toolkit's own fixture project.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { render } from '../../src/render/render.tsx';
import { codeGroups, codeGroupsHtml } from '../../src/runtime/format.ts';
import { type Bundle, createBundle } from '../../src/runtime/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';

const FSI = '\u2068';
const PDI = '\u2069';

let bundle: Bundle;
beforeAll(async () => {
  const out = await buildBundles({
    catalog,
    translations,
    templates: ['sign-in', 'organization-invitation'],
    locales: ['en', 'de', 'ar'],
    brand: testBrand,
  });
  bundle = createBundle(out.manifest, out.sources);
});

/** Both renderers; they must agree byte for byte. */
async function both(id: string, locale: string, variables: Record<string, unknown>, timeZone?: string) {
  const runtime = bundle.render(id, { locale, variables, timeZone });
  const react = await render(id, { locale, variables, timeZone, brand: testBrand, catalog, translations });
  expect(runtime.html, `${id}/${locale} html`).toBe(react.html);
  expect(runtime.text, `${id}/${locale} text`).toBe(react.text);
  return runtime;
}

const code = '482915';

describe('request details', () => {
  it('show the facts given, each on its own line, under a heading', async () => {
    const r = await both('sign-in', 'en', { code, request: { device: 'Firefox on Linux', ip: '203.0.113.9' } });
    const lines = r.text.split('\n').filter(Boolean);
    const at = lines.indexOf('Where from');
    expect(at).toBeGreaterThan(-1);
    expect(lines.slice(at + 1, at + 3)).toEqual(['Browser: Firefox on Linux', 'IP: 203.0.113.9']);
    expect(r.text).not.toMatch(/^(When|Place):/m);
    expect(r.html.match(/Where from/g)).toHaveLength(1);
  });

  it('are left out when nothing is given, and when the request is an empty object or only empty values', async () => {
    for (const request of [undefined, {}, { device: '', ip: '  ' }, { device: '\u200b\u00ad' }]) {
      const r = await both('sign-in', 'en', { code, ...(request ? { request } : {}) });
      expect(r.html, JSON.stringify(request)).not.toContain('Where from');
      expect(r.text, JSON.stringify(request)).not.toContain('Where from');
    }
  });

  it("give the time in the email's language and the send's time zone, with the zone", async () => {
    const request = { time: '2026-12-06T23:30:00Z' };
    const berlin = await both('sign-in', 'de', { code, request }, 'Europe/Berlin');
    const tokyo = await both('sign-in', 'de', { code, request }, 'Asia/Tokyo');
    const when = (text: string) => text.split('\n').find((l) => l.startsWith('Wann: ')) ?? '';
    expect(when(berlin.text)).toMatch(/^Wann: 7\. Dezember 2026 um 00:30 MEZ$/);
    expect(when(tokyo.text)).toMatch(/^Wann: 7\. Dezember 2026 um 08:30 GMT\+9$/);
  });

  it('isolate each value in a right-to-left email, so "Chrome 120!" keeps its "!" at its end', async () => {
    const r = await both('sign-in', 'ar', { code, request: { device: 'Chrome 120!', location: 'Berlin, DE' } });
    expect(r.html).toContain(`${FSI}Chrome 120!${PDI}`);
    expect(r.text).toContain(`${FSI}Chrome 120!${PDI}`);
    expect(r.text).toContain(`${FSI}Berlin, DE${PDI}`);
  });

  it('escape what a sender passes: markup in a device name is text', async () => {
    const r = await both('sign-in', 'en', { code, request: { device: '<img src=x onerror=alert(1)>' } });
    expect(r.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(r.html).not.toContain('<img src=x');
  });
});

describe('the invitation', () => {
  const base = { link: 'https://auth.fixture.test/i?t=1', organization: { id: 'o1', name: 'Fixture Org' } };
  const intro = (text: string) => text.split('\n').find((l) => l.includes(' invites you ')) ?? '';

  it('names the inviter with their address when both are known, else either alone', async () => {
    const both1 = await both('organization-invitation', 'en', {
      ...base,
      inviter: { id: 'u1', name: 'Ola Berg', primaryEmail: 'ola@fixture.test' },
    });
    expect(both1.text).toContain('Ola Berg <ola@fixture.test>');
    expect(both1.html).toContain('Ola Berg &lt;ola@fixture.test&gt;');
    const addressOnly = await both('organization-invitation', 'en', {
      ...base,
      inviter: { id: 'u1', primaryEmail: 'ola@fixture.test' },
    });
    expect(addressOnly.text).toContain('ola@fixture.test');
    expect(addressOnly.text).not.toContain('<ola@');
    const nameOnly = await both('organization-invitation', 'en', { ...base, inviter: { id: 'u1', name: 'Ola Berg' } });
    expect(intro(nameOnly.text)).toBe('Ola Berg invites you to Fixture Org on Testbrand.');
    expect(intro(addressOnly.text)).toBe('ola@fixture.test invites you to Fixture Org on Testbrand.');
    expect(intro(both1.text)).toBe('Ola Berg <ola@fixture.test> invites you to Fixture Org on Testbrand.');
  });

  it('isolates the name, not the address (a client links it), in a right-to-left email', async () => {
    const r = await both('organization-invitation', 'ar', {
      ...base,
      inviter: { id: 'u1', name: 'Jonas W.', primaryEmail: 'jonas@fixture.test' },
    });
    expect(r.text).toContain(`${FSI}Jonas W.${PDI} <jonas@fixture.test>`);
  });

  it('says when it expires, only when the sender says so', async () => {
    const r = await both('organization-invitation', 'en', { ...base, expiresAt: '2026-12-13T09:00:00Z' });
    expect(r.text).toContain('Open until December 13, 2026.');
    const without = await both('organization-invitation', 'en', base);
    expect(without.text).not.toContain('Open until');
    expect(without.html).not.toContain('Open until');
  });
});

describe('the code in groups', () => {
  it('groups by length: 3s for 6 and 9, 4s for 8 and 12, halves otherwise; whole when short or hyphenated', () => {
    expect(codeGroups('482915')).toEqual(['482', '915']);
    expect(codeGroups('123456789')).toEqual(['123', '456', '789']);
    expect(codeGroups('12345678')).toEqual(['1234', '5678']);
    expect(codeGroups('ABCDEFGHJKLM')).toEqual(['ABCD', 'EFGH', 'JKLM']);
    expect(codeGroups('1234567')).toEqual(['1234', '567']);
    expect(codeGroups('12345')).toEqual(['12345']);
    expect(codeGroups('AB12-CD34')).toEqual(['AB12-CD34']);
  });

  it('is spans with a gap in the HTML and the code alone in the text part and the subject', async () => {
    const r = await both('sign-in', 'en', { code });
    expect(r.html).toContain(`>${codeGroupsHtml(code, (t) => t)}</td>`);
    expect(r.html).toContain('<span>482</span><span style="padding-left:12px">915</span>');
    expect(r.text.split('\n')).toContain(code);
  });

  it('escapes each group of a code with characters HTML treats specially', () => {
    expect(codeGroupsHtml('A&B<C>', (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'))).toBe(
      '<span>A&amp;B</span><span style="padding-left:12px">&lt;C&gt;</span>',
    );
  });
});
