/**
 * Checks on templates the toolkit did not write: a project's own exceptions
 * (narrowed by template and selector, each with its reason), React Email's
 * component markup, decoration-only features, and a <title> that holds the
 * preview text as React Email's <Preview> writes it.
 */
import { describe, expect, it } from 'vitest';
import { applyProjectExceptions, checkedExceptions } from '../../src/check/project-exceptions.ts';
import { reactEmailExceptions } from '../../src/check/react-email-exceptions.ts';
import { clientSupport } from '../../src/check/rules/client-support.ts';
import { images, title } from '../../src/check/rules/structure.ts';
import { checkEmail } from '../../src/check/runner.ts';
import { type ProjectException, projectExceptionSchema } from '../../src/check/schema.ts';
import type { CheckEmail } from '../../src/check/types.ts';
import { parseConfig } from '../../src/config/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { goodEmail, plainEmail, withHtml } from '../fixtures/emails.ts';

const exception = (e: Partial<ProjectException>): ProjectException =>
  projectExceptionSchema.parse({ rule: 'images', reason: 'decorative by design, reviewed', ...e });

/** Two unlabelled images, one in a footer. */
const email: CheckEmail = {
  ...plainEmail(
    '<img src="https://x.test/a.png" alt=""><div class="footer"><img src="https://x.test/b.png" alt=""></div>',
  ),
  template: 'promo',
};

describe('a project’s own check exceptions', () => {
  it('accept findings of one rule, narrowed by template and by selector (the element or an ancestor)', () => {
    const findings = checkEmail(email, [images]).filter((f) => /empty alt text/.test(f.message));
    expect(findings).toHaveLength(2);
    const bySelector = applyProjectExceptions(findings, [exception({ selector: '.footer img' })], [email]);
    expect(bySelector.filter((f) => f.exception)).toHaveLength(1);
    const byAncestor = applyProjectExceptions(findings, [exception({ selector: 'div.footer' })], [email]);
    expect(byAncestor.filter((f) => f.exception)).toHaveLength(1);
    const otherTemplate = applyProjectExceptions(findings, [exception({ template: 'other' })], [email]);
    expect(otherTemplate.filter((f) => f.exception)).toHaveLength(0);
    const all = applyProjectExceptions(findings, [exception({ template: 'promo' })], [email]);
    expect(all.every((f) => f.exception === 'decorative by design, reviewed')).toBe(true);
  });

  it('accept up to a severity: a finding that gets worse is reported again', () => {
    const findings = checkEmail(email, [images]).filter((f) => /empty alt text/.test(f.message));
    const accepted = applyProjectExceptions(findings, [exception({ upTo: 'warning' })], [email]);
    expect(accepted.filter((f) => f.exception)).toEqual([]);
  });

  it('are checked against what they name, each bad one named by its key', () => {
    expect(() => checkedExceptions([exception({ rule: 'imagez' })], ['promo'])).toThrow(
      /check\.exceptions\.0\.rule: no rule "imagez" \(rules: template, client-support/,
    );
    expect(() => checkedExceptions([exception({ template: 'promos' })], ['promo'])).toThrow(
      /check\.exceptions\.0\.template: no template "promos" \(templates: promo\)/,
    );
    expect(() => checkedExceptions([exception({ selector: 'img[alt=' })], ['promo'])).toThrow(
      /check\.exceptions\.0\.selector: "img\[alt=" is not a CSS selector/,
    );
  });

  it('need a reason, in the config', () => {
    const brand = { ...testBrand };
    expect(() =>
      parseConfig({ brand, check: { exceptions: [{ rule: 'images', reason: 'ok' }] } }, 'authmail.config.json'),
    ).toThrow(/check\.exceptions\.0\.reason: must say why/);
    expect(() =>
      parseConfig(
        { brand, check: { exceptions: [{ rule: 'images', reason: 'a decorative divider', selectr: 'img' }] } },
        'authmail.config.json',
      ),
    ).toThrow(/check\.exceptions\.0: Unrecognized key: "selectr"/);
  });
});

describe('check on React Email’s markup', () => {
  it('accepts what its components write, only on their markup', () => {
    const preview = plainEmail(
      '<div style="display:none;overflow:hidden;line-height:1px;opacity:0;max-height:0;max-width:0" data-skip-in-text="true">Hi</div><p style="display:none">x</p>',
    );
    const findings = checkEmail(preview, [clientSupport]).filter((f) => f.feature === 'css-display-none');
    expect(findings).toHaveLength(1); // one finding for the feature, located at its first use: the preview
    const accepted = applyProjectExceptions(findings, reactEmailExceptions, [preview]);
    expect(accepted[0]?.exception).toMatch(/React Email's <Preview> hides/);
    // The same feature only in the team's own markup: still reported.
    const own = plainEmail('<p style="display:none">x</p>');
    const ownFindings = checkEmail(own, [clientSupport]).filter((f) => f.feature === 'css-display-none');
    expect(applyProjectExceptions(ownFindings, reactEmailExceptions, [own])[0]?.exception).toBeUndefined();
  });

  it('reports a feature that only decorates as info, not as an error', () => {
    const findings = checkEmail(
      plainEmail('<a href="https://x.test" style="outline:none;text-decoration-line:none">x</a>'),
      [clientSupport],
    );
    for (const slug of ['css-outline', 'css-text-decoration-line']) {
      const f = findings.find((x) => x.feature === slug);
      expect(f?.severity, slug).toBe('info');
      expect(f?.message).toMatch(/Decoration only: where unsupported/);
    }
  });

  it('takes a <title> that holds the preview text, as <Preview> writes it; another text is still an error', () => {
    const withPreview = (titleText: string) =>
      withHtml(/<title>[^<]*<\/title>/, `<title>${titleText}</title>`, {
        subject: 'Your code',
      });
    expect(checkEmail(withPreview('Use this code to sign in to Acme Cloud.'), [title])).toEqual([]);
    expect(checkEmail(goodEmail(), [title])).toEqual([]);
    expect(checkEmail(withPreview('Something else'), [title])[0]?.message).toMatch(/differs from the subject/);
  });
});
