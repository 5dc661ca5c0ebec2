/**
 * The build (src/build): besides compiling, it proves the runtime/React
 * equality per template (equality.ts) and names the template, its file, the
 * values and the first difference when a template breaks it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundles } from '../../src/build/build.ts';
import { minimalValues } from '../../src/build/equality.ts';
import { flatten, object, optional, text } from '../../src/catalog/fields.ts';
import { parseConfig } from '../../src/config/index.ts';
import { TemplateError } from '../../src/core/errors.ts';
import { loadCatalog } from '../../src/project/catalog.ts';
import fixtureConfig from '../fixtures/logto/authmail.config.ts';
import { logtoProject, logtoTranslations as translations } from '../fixtures/logto-content.tsx';

const brand = parseConfig(fixtureConfig).brand;
const project = logtoProject('authmail-build-');
afterAll(() => project.remove());

/** A template of the project's, with `body` as its Body's JSX. */
function writeTemplate(id: string, body: string) {
  writeFileSync(
    join(project.dir, 'emails', `${id}.tsx`),
    `import { defineEmail, Paragraph, text, optional, object, Layout } from 'authmail/email';
export default defineEmail({
  when: 'A test.',
  variables: { code: text('The code'), user: optional(object('The user', { name: optional(text('Name')) })) },
  sample: { code: '123456', user: { name: 'Mina' } },
  subject: (s) => 'Your code ' + s.v('code'),
  preheader: () => 'A code',
  Body: ({ s }) => ${body},
});
`,
  );
}

describe('runtime equality at build time', () => {
  it('builds a template whose conditions go through s.when()', async () => {
    writeTemplate(
      'greeting',
      "<Paragraph>{s.when('user.name', () => 'Hi ' + s.v('user.name'), () => 'Hi')}</Paragraph>",
    );
    const catalog = await loadCatalog(project.dir);
    const output = await buildBundles({ templates: ['greeting'], locales: ['en', 'de'], brand, catalog, translations });
    expect(output.sources).toHaveLength(2);
  });

  it('refuses a JavaScript condition on s.v(), naming the template, its file, the values and the difference', async () => {
    writeTemplate('greeting', "<Paragraph>{s.v('user.name') ? 'Hi ' + s.v('user.name') : 'Hi there'}</Paragraph>");
    const catalog = await loadCatalog(project.dir);
    const error = await buildBundles({
      templates: ['greeting'],
      locales: ['de', 'en'],
      brand,
      catalog,
      translations,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TemplateError);
    const message = (error as Error).message;
    expect(message).toContain(
      `Template "greeting" (${join(project.dir, 'emails/greeting.tsx')}): with its required values only in en, the compiled html differs from the React render at character `,
    );
    // The bundle says "Hi " (the build took the condition as true), React "Hi there".
    expect(message).toMatch(/the bundle has ".*>Hi <\/p>.*", React renders ".*>Hi there<\/p>/);
    expect(message).toContain('use s.when() or s.pick()');
  });
});

describe('minimalValues', () => {
  it('drops every optional field, nested ones too, and keeps the required ones', () => {
    const fields = flatten({
      code: text('Code'),
      user: optional(object('User', { id: text('Id'), name: optional(text('Name')) })),
      org: object('Org', { id: text('Id'), name: optional(text('Name')) }),
    });
    const sample = { code: '1', user: { id: 'u', name: 'Mina' }, org: { id: 'o', name: 'Acme' } };
    expect(minimalValues(sample, fields)).toEqual({ code: '1', org: { id: 'o' } });
    expect(sample.org.name).toBe('Acme');
  });
});
