/**
 * Every source rule of `authmail check`: a small bad email trips it, the
 * good one does not.
 */
import { describe, expect, it } from 'vitest';
import { compareVersions, type Feature, parseCell, supportOf } from '../../src/check/caniemail.ts';
import { applyExceptions, type Exception } from '../../src/check/exceptions.ts';
import { bidiIsolation } from '../../src/check/rules/bidi.ts';
import { clientSupport } from '../../src/check/rules/client-support.ts';
import { codeNode, codeStyle, textCode, textLinks } from '../../src/check/rules/code.ts';
import { emailRules } from '../../src/check/rules/index.ts';
import { leftovers } from '../../src/check/rules/leftovers.ts';
import { linkHttps, linkShortener, linkText } from '../../src/check/rules/links.ts';
import { size, styleSize } from '../../src/check/rules/size.ts';
import {
  forbiddenElements,
  hiddenElements,
  imageOnly,
  mixedEs,
  subjectCaps,
  textDiffers,
  titleLength,
} from '../../src/check/rules/spam.ts';
import { images, langDir, layoutTables, preheader, title } from '../../src/check/rules/structure.ts';
import { checkEmail } from '../../src/check/runner.ts';
import type { CheckEmail, EmailRule, Finding } from '../../src/check/types.ts';
import { GOOD_HTML, GOOD_TEXT, goodEmail, plainEmail, withHtml } from '../fixtures/emails.ts';

const run = (rule: EmailRule, email: CheckEmail) => checkEmail(email, [rule]);

interface Case {
  rule: EmailRule;
  name: string;
  bad: () => CheckEmail;
  message: RegExp;
  severity?: Finding['severity'];
}

/** A Russian email whose Latin words (a brand, its addresses, a street) carry Latin "e". */
const russian = (brand: string, street: string) => {
  const body = `Введите этот код, чтобы войти в ${brand}. Никому не сообщайте этот код. Если вы не пытались войти, просто проигнорируйте это письмо. Нужна помощь? support@${brand.toLowerCase()}.example · ${street}`;
  return goodEmail({
    locale: 'ru',
    subject: `${brand}: код для входа`,
    html: `<html lang="ru"><head><title>${brand}</title></head><body><table><tr><td><p>${body}</p></td></tr></table></body></html>`,
    text: body,
  });
};

const big = (n: number) => `<p>${'x'.repeat(n)}</p>`;

const cases: Case[] = [
  {
    rule: bidiIsolation,
    name: 'a name printed without isolation in Arabic',
    bad: () =>
      goodEmail({
        locale: 'ar',
        dir: 'rtl',
        source: { subject: '{{inviter.name}}', html: '<p>{{inviter.name}}</p>', text: '' },
        textPaths: ['inviter.name'],
      }),
    message: /inviter\.name is not isolated for bidi/,
  },
  {
    rule: size,
    name: 'HTML over 102 KB',
    bad: () => withHtml('</body>', `${big(110 * 1024)}</body>`),
    message: /Gmail clips/,
  },
  {
    rule: size,
    name: 'HTML over 80 KB',
    bad: () => withHtml('</body>', `${big(85 * 1024)}</body>`),
    message: /close to Gmail/,
    severity: 'warning',
  },
  {
    rule: styleSize,
    name: 'a 17 KB <style>',
    bad: () => withHtml('</head>', `<style>${'.a{color:red}\n'.repeat(1300)}</style></head>`),
    message: /Gmail ignores a <style>/,
  },
  {
    rule: langDir,
    name: 'rtl locale rendered ltr',
    bad: () => goodEmail({ locale: 'ar', dir: 'rtl', html: GOOD_HTML.replaceAll('lang="en"', 'lang="ar"') }),
    message: /written right-to-left/,
  },
  {
    rule: langDir,
    name: 'no wrapper with lang and dir',
    bad: () => withHtml('<td lang="en" dir="ltr"', '<td'),
    message: /content wrapper.*missing/,
  },
  {
    rule: langDir,
    name: 'body in another language',
    bad: () => withHtml('<body lang="en"', '<body lang="de"'),
    message: /<body> says lang="de"/,
  },
  {
    rule: layoutTables,
    name: 'a table without role',
    bad: () => withHtml('<table role="presentation" cellpadding', '<table cellpadding'),
    message: /lacks role="presentation"/,
  },
  {
    rule: layoutTables,
    name: 'a <th> in a layout table',
    bad: () => withHtml('<td class="am-code"', '<th class="am-code"'),
    message: /contains <th>/,
  },
  { rule: images, name: 'an image without alt', bad: () => withHtml(' alt="Acme"', ''), message: /no alt attribute/ },
  {
    rule: images,
    name: 'an image with empty alt',
    bad: () => withHtml(' alt="Acme"', ' alt=""'),
    message: /empty alt/,
  },
  {
    rule: images,
    name: 'an image without height',
    bad: () => withHtml(' height="36"', ''),
    message: /no numeric height/,
  },
  {
    rule: title,
    name: 'a title that is not the subject',
    bad: () => withHtml('<title>Your Acme sign-in code</title>', '<title>Acme</title>'),
    message: /differs from the subject/,
  },
  { rule: title, name: 'no title', bad: () => withHtml(/<title>.*<\/title>/, ''), message: /no <title>/ },
  {
    rule: preheader,
    name: 'no preheader',
    bad: () => withHtml(/<div data-skip-in-text[\s\S]*?<\/div>/, ''),
    message: /No hidden preheader/,
  },
  {
    rule: preheader,
    name: 'a 200-character preheader',
    bad: () => withHtml('Use this code to sign in to Acme Cloud.', 'Use this code. '.repeat(14)),
    message: /preheader has 2\d\d characters/,
  },
  {
    rule: codeNode,
    name: 'groups with a space between them (it would be copied)',
    bad: () => withHtml('>482915</td>', '><span>482</span> <span>915</span></td>'),
    message: /split across several elements/,
  },
  {
    rule: codeNode,
    name: 'one block per digit',
    bad: () =>
      withHtml('>482915</td>', '><div>4</div><div>8</div><div>2</div><div>9</div><div>1</div><div>5</div></td>'),
    message: /split across several elements/,
  },
  {
    rule: codeNode,
    name: 'one table cell per digit',
    bad: () =>
      withHtml(
        /<tr><td class="am-code"[^>]*>482915<\/td><\/tr>/,
        '<tr><td>4</td><td>8</td><td>2</td><td>9</td><td>1</td><td>5</td></tr>',
      ),
    message: /split across several elements/,
  },
  {
    rule: codeNode,
    name: 'the code inside a sentence',
    bad: () => withHtml('>482915</td>', '>Code: 482915</td>'),
    message: /shares its element/,
  },
  {
    rule: codeNode,
    name: 'a zero-width space in the code',
    bad: () => withHtml('>482915</td>', '>482915\u200b</td>'),
    message: /invisible characters/,
  },
  {
    rule: codeNode,
    name: 'the code as a link',
    bad: () => withHtml('>482915</td>', '><a href="https://acme.example">482915</a></td>'),
    message: /inside a link/,
  },
  {
    rule: codeStyle,
    name: 'a proportional font',
    bad: () => withHtml("font-family:'Liberation Mono', Menlo, monospace;", 'font-family:Arial, sans-serif;'),
    message: /not set in a monospace font/,
  },
  {
    rule: codeStyle,
    name: 'em letter-spacing',
    bad: () => withHtml('letter-spacing:8px', 'letter-spacing:0.3em'),
    message: /letter-spacing in px/,
  },
  {
    rule: codeStyle,
    name: 'a small code',
    bad: () => withHtml('font-size:32px', 'font-size:18px'),
    message: /at least 24px/,
  },
  {
    rule: codeStyle,
    name: 'a media query shrinking the code',
    bad: () =>
      withHtml('</head>', '<style>@media (max-width:600px){.am-code{font-size:16px !important}}</style></head>'),
    message: /shrinks the code to 16px/,
  },
  {
    rule: textCode,
    name: 'the code missing from the text part',
    bad: () => goodEmail({ text: GOOD_TEXT.replace('482915', '') }),
    message: /does not contain the code/,
  },
  {
    rule: textCode,
    name: 'the code twice in the text part',
    bad: () => goodEmail({ text: `${GOOD_TEXT}\n482915` }),
    message: /2 times/,
  },
  {
    rule: textLinks,
    name: 'a link missing from the text part',
    bad: () => goodEmail({ text: GOOD_TEXT.replace('https://help.acme.example', '') }),
    message: /lacks the link https:\/\/help\.acme\.example/,
  },
  {
    rule: textLinks,
    name: 'a mailto address missing from the text part',
    bad: () => goodEmail({ text: GOOD_TEXT.replace('support@acme.example', '') }),
    message: /lacks the link support@acme\.example/,
  },
  {
    rule: linkHttps,
    name: 'an http link',
    bad: () => withHtml('href="https://help.acme.example"', 'href="http://help.acme.example"'),
    message: /absolute https/,
  },
  {
    rule: linkHttps,
    name: 'a javascript: link',
    bad: () => withHtml('href="https://help.acme.example"', 'href="javascript:alert(1)"'),
    message: /javascript:alert/,
  },
  {
    rule: linkHttps,
    name: 'a link to an IP address',
    bad: () => withHtml('href="https://help.acme.example"', 'href="https://203.0.113.7/help"'),
    message: /IP address/,
  },
  {
    rule: linkShortener,
    name: 'a bit.ly link',
    bad: () => withHtml('href="https://help.acme.example"', 'href="https://bit.ly/3xYz"'),
    message: /bit\.ly is a URL shortener/,
  },
  {
    rule: linkText,
    name: 'a link showing another host',
    bad: () => withHtml('href="https://help.acme.example"', 'href="https://evil.example/help"'),
    message: /shows help\.acme\.example but goes to evil\.example/,
  },
  {
    rule: linkText,
    name: 'a mailto showing another address',
    bad: () => withHtml('href="mailto:support@acme.example"', 'href="mailto:phish@evil.example"'),
    message: /writes to phish@evil\.example/,
  },
  {
    rule: mixedEs,
    name: 'Latin brand words in a Russian email',
    bad: () => russian('Acme Essentials', '548 Market Street, Seattle'),
    message: /MIXED_ES/,
  },
  {
    rule: subjectCaps,
    name: 'an all-caps subject',
    bad: () => goodEmail({ subject: 'YOUR ACME SIGN-IN CODE' }),
    message: /all capitals/,
  },
  {
    rule: imageOnly,
    name: 'a tiny email with an image',
    bad: () =>
      goodEmail({
        html: '<html><body><img src="https://static.acme.example/email/logo.png" alt="Acme" width="120" height="36"></body></html>',
      }),
    message: /image-only|only images/,
  },
  {
    rule: hiddenElements,
    name: 'six hidden elements',
    bad: () => withHtml('</body>', `${'<span style="display:none">x</span>'.repeat(6)}</body>`),
    message: /7 elements are hidden/,
  },
  {
    rule: titleLength,
    name: 'a title four times the subject',
    bad: () => goodEmail({ subject: 'Code' }),
    message: /more than 3\.5× the subject/,
  },
  {
    rule: forbiddenElements,
    name: 'a script',
    bad: () => withHtml('</body>', '<script>alert(1)</script></body>'),
    message: /<script>/,
  },
  {
    rule: forbiddenElements,
    name: 'a form',
    bad: () => withHtml('</body>', '<form action="https://x.example"><input name="code"></form></body>'),
    message: /<form>/,
  },
  {
    rule: forbiddenElements,
    name: 'an iframe',
    bad: () => withHtml('</body>', '<iframe src="https://x.example"></iframe></body>'),
    message: /<iframe>/,
  },
  {
    rule: textDiffers,
    name: 'a text part about something else',
    bad: () => goodEmail({ text: 'Hello. 482915 https://help.acme.example support@acme.example' }),
    message: /missing from the plain-text part/,
  },
  {
    rule: leftovers,
    name: 'an unfilled slot in the subject',
    bad: () => goodEmail({ subject: 'Your {{application.name}} code' }),
    message: /subject contains an unfilled template slot/,
  },
  {
    rule: leftovers,
    name: '"undefined" in the HTML',
    bad: () => withHtml('Sign in to Acme Cloud</h1>', 'Sign in to undefined</h1>'),
    message: /HTML contains "undefined"/,
  },
  {
    rule: leftovers,
    name: 'NaN in the text part',
    bad: () => goodEmail({ text: GOOD_TEXT.replace('ten minutes', 'NaN minutes') }),
    message: /plain-text part contains "NaN"/,
  },
  {
    rule: leftovers,
    name: 'an untranslated key',
    bad: () => withHtml('Need help?', 'common:help'),
    message: /message key "common:help"/,
  },
  {
    rule: leftovers,
    name: '[object Object] in an alt text',
    bad: () => withHtml('alt="Acme"', 'alt="[object Object]"'),
    message: /alt attribute contains "\[object Object\]"/,
  },
];

describe('source rules: the good email passes', () => {
  it.each(emailRules.filter((r) => r !== clientSupport).map((r) => [r.id, r] as const))('%s', (_, rule) => {
    expect(run(rule, goodEmail())).toEqual([]);
  });

  it('every source rule has a bad case below', () => {
    const covered = new Set(cases.map((c) => c.rule.id));
    expect(emailRules.filter((r) => r !== clientSupport && !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe('source rules: a bad email trips them', () => {
  it.each(cases.map((c) => [c.rule.id, c.name, c] as const))('%s: %s', (_, __, c) => {
    const findings = run(c.rule, c.bad());
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.message).join('\n')).toMatch(c.message);
    expect(findings.every((f) => f.rule === c.rule.id && f.template === 'sign-in')).toBe(true);
    expect(findings[0]?.severity).toBe(c.severity ?? c.rule.severity);
  });
});

describe('a code in groups ("482 915" drawn by a gap)', () => {
  const grouped = (spans: string) => withHtml('>482915</td>', `>${spans}</td>`);
  it('is one code to code-node and code-style when the groups are inline with nothing between them', () => {
    const email = grouped('<span>482</span><span style="padding-left:12px">915</span>');
    expect(run(codeNode, email)).toEqual([]);
    expect(run(codeStyle, email)).toEqual([]);
  });
  it('is still checked for style: the cell’s font applies to its groups', () => {
    const email = withHtml(
      /<td class="am-code"[^>]*>482915<\/td>/,
      '<td class="am-code" style="font-family:Arial;font-size:32px;letter-spacing:8px"><span>482</span><span style="padding-left:12px">915</span></td>',
    );
    expect(run(codeStyle, email).map((f) => f.message)).toEqual([expect.stringMatching(/not set in a monospace font/)]);
  });
  it('is split when a group is a block', () => {
    const email = grouped('<span>482</span><span style="display:block">915</span>');
    expect(run(codeNode, email).map((f) => f.message)).toEqual([
      expect.stringMatching(/split across several elements/),
    ]);
  });
});

describe('client support (caniemail data, own walker)', () => {
  const features = (email: CheckEmail) => run(clientSupport, email);
  const about = (email: CheckEmail, slug: string) => features(email).filter((f) => f.feature === slug);

  it('finds nothing for table, td and colour', () => {
    expect(features(plainEmail('<p style="color:#111111">Hi</p>')).filter((f) => f.feature !== 'html-body')).toEqual(
      [],
    );
  });

  it('reports a property inside @media, with the media query as location', () => {
    const email = plainEmail('<p class="x">Hi</p>', '<style>@media (max-width:600px){.x{display:flex}}</style>');
    const [flex] = about(email, 'css-display-flex');
    expect(flex?.severity).toBe('error');
    expect(flex?.clients).toContain('outlook.windows');
    expect(flex?.message).toMatch(/display:flex is not supported in .*Outlook \(Windows/);
    expect(flex?.location?.snippet).toContain('@media (max-width:600px)');
    expect(about(plainEmail('<p>Hi</p>'), 'css-display-flex')).toEqual([]);
  });

  it('reports @media (prefers-color-scheme) as unsupported in Gmail', () => {
    const email = plainEmail('<p>Hi</p>', '<style>@media (prefers-color-scheme:dark){p{color:#fff}}</style>');
    const [f] = about(email, 'css-at-media-prefers-color-scheme');
    expect(f?.severity).toBe('error');
    expect(f?.clients).toContain('gmail.desktop-webmail');
  });

  it('sees CSS functions: calc(), var(), linear-gradient()', () => {
    const email = plainEmail(
      '<p style="width:calc(100% - 10px);color:var(--ink);background-image:linear-gradient(#fff,#000)">Hi</p>',
    );
    const slugs = features(email).map((f) => f.feature);
    expect(slugs).toEqual(expect.arrayContaining(['css-unit-calc', 'css-variables', 'css-linear-gradient']));
  });

  it('reports HTML elements and attributes', () => {
    const slugs = features(plainEmail('<svg width="10" height="10"></svg><p hidden>x</p><a href="#top">top</a>')).map(
      (f) => f.feature,
    );
    expect(slugs).toEqual(expect.arrayContaining(['html-svg', 'html-hidden', 'html-anchor-links']));
  });

  it('reports partial support as a warning', () => {
    const [f] = about(plainEmail('<p style="letter-spacing:2px">Hi</p>'), 'css-letter-spacing');
    expect(f?.severity).toBe('warning');
    expect(f?.message).toMatch(/only partly supported in Outlook/);
  });

  it('counts repeated uses once per email', () => {
    const [f] = about(
      plainEmail('<p style="letter-spacing:2px">a</p><p style="letter-spacing:3px">b</p>'),
      'css-letter-spacing',
    );
    expect(f?.message).toMatch(/used 2×/);
  });

  it('picks the newest version numerically and ignores unknown (u)', () => {
    expect(['6.1', '12.2', '2019-02', '2021-11'].sort(compareVersions)).toEqual(['6.1', '12.2', '2019-02', '2021-11']);
    expect(compareVersions('78.10', '149.0.1')).toBeLessThan(0);
    expect(compareVersions('4.38.0', '4.2352.0')).toBeLessThan(0);
    expect(parseCell('a #1 #3')).toEqual({ support: 'a', notes: ['1', '3'] });
    const fake: Feature = {
      slug: 'css-fake',
      title: 'fake',
      category: 'css',
      url: '',
      lastTestDate: '',
      stats: { 'apple-mail': { ios: { '6.1': 'n', '12.2': 'y' } }, gmail: { ios: { '2019-01': 'n', '2023-01': 'u' } } },
      notes: {},
    };
    expect(supportOf(fake).map((s) => `${s.client}=${s.support}`)).toEqual(['gmail.ios=u', 'apple-mail.ios=y']);
  });
});

describe('exceptions', () => {
  const finding = (severity: Finding['severity'], feature = 'css-border-radius'): Finding => ({
    template: 'sign-in',
    locale: 'en',
    rule: 'client-support',
    severity,
    feature,
    message: 'x',
  });
  const list: Exception[] = [
    { rule: 'client-support', feature: 'css-border-radius', upTo: 'warning', reason: 'square corners' },
  ];

  it('accepts findings up to the stated severity, and only for the named feature', () => {
    const [warning, error, other] = applyExceptions(
      [finding('warning'), finding('error'), finding('warning', 'css-opacity')],
      list,
    );
    expect(warning?.exception).toBe('square corners');
    expect(error?.exception).toBeUndefined();
    expect(other?.exception).toBeUndefined();
  });
});

describe('MIXED_ES: Latin "e" among Cyrillic ones, as SpamAssassin counts them', () => {
  it('reports an email over the bounds, naming the words that carry the Latin "e"', () => {
    const findings = run(mixedEs, russian('Acme Essentials', '548 Market Street, Seattle'));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.severity).toBe('info');
    const [, latin] = /MIXED_ES \(\+1\.0\): (\d+) Latin "e" beside \d+ Cyrillic/.exec(findings[0]?.message ?? '') ?? [];
    expect(Number(latin)).toBeGreaterThan(20);
    expect(findings[0]?.message).toMatch(/most here: essentials\.example \(8\)/);
  });

  it('stays quiet at 20 Latin "e" or fewer, and in a text with no Cyrillic', () => {
    expect(run(mixedEs, russian('Nimbus', '1 Main St'))).toEqual([]);
    const english = 'Enter the code here. '.repeat(12);
    expect(
      run(
        mixedEs,
        goodEmail({ subject: 'Sign in', text: english, html: `<html><body><p>${english}</p></body></html>` }),
      ),
    ).toEqual([]);
  });
});

describe('bidi-isolation', () => {
  const source = (name: string) => ({
    subject: `${name}: رمز الدخول`,
    html: `<p>دعاك ${name} إلى {{#organization.name}}{{organization.name:isolate}}{{/organization.name}}</p><a href="{{link}}">{{link}}</a>`,
    text: `دعاك ${name}\n{{link}}`,
  });
  const email = (name: string, dir: 'rtl' | 'ltr' = 'rtl') =>
    goodEmail({
      locale: dir === 'rtl' ? 'ar' : 'en',
      dir,
      source: source(name),
      textPaths: ['inviter.name', 'organization.name'],
    });

  it('names each text value printed without isolation in a right-to-left email, per part, with its line', () => {
    const found = run(bidiIsolation, email('{{inviter.name}}'));
    expect(found.map((f) => [f.severity, f.location?.part, f.location?.line, f.location?.snippet])).toEqual([
      ['warning', 'subject', 1, '{{inviter.name}}'],
      ['warning', 'html', 1, '{{inviter.name}}'],
      ['warning', 'text', 1, '{{inviter.name}}'],
    ]);
    expect(found[0]?.message).toMatch(
      /^inviter\.name is not isolated for bidi in the subject: a value like "Jonas W\." reads "\.Jonas W"/,
    );
  });

  it('accepts isolated values, links and codes, and every left-to-right email', () => {
    expect(run(bidiIsolation, email('{{inviter.name:isolate}}'))).toEqual([]);
    expect(run(bidiIsolation, email('{{inviter.name}}', 'ltr'))).toEqual([]);
  });
});
