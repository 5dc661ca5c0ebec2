/**
 * What a provider's data needs of a bundle email's formats (src/hosted/formats.ts): dates by path,
 * grouped codes, and a clear refusal for a date the template formats two ways.
 */
import { describe, expect, it } from 'vitest';
import { BundleError } from '../../src/core/errors.ts';
import { sourceFormats } from '../../src/hosted/formats.ts';

const email = (html: string, text = '', subject = '') => ({ subject, html, text });

describe('sourceFormats', () => {
  it('finds each date and each code printed only in groups', () => {
    const read = sourceFormats(
      email(
        '<p>{{code:group}} {{at:datetime:dateStyle=long}}</p><i>{{pin:group}}</i>{{pin}}',
        '{{at:datetime:dateStyle=long}}',
      ),
      't/en',
    );
    expect([...read.formats.keys()]).toEqual(['at']);
    expect(read.formats.get('at')?.('2026-12-06T23:30:00Z', { locale: 'de', timeZone: 'UTC' })).toBe(
      '6. Dezember 2026',
    );
    // `pin` is also printed plainly: its copy stays plain.
    expect([...read.grouped]).toEqual(['code']);
  });

  it('refuses a date formatted two ways, naming the email and the path', () => {
    const two = email('{{at:datetime:dateStyle=long}}', '{{at:datetime:dateStyle=short}}');
    expect(() => sourceFormats(two, 'invite/de')).toThrow(BundleError);
    expect(() => sourceFormats(two, 'invite/de')).toThrow(/invite\/de: "at" is formatted two ways/);
  });

  it('reads an email once: the same source gives the same answer object', () => {
    const source = email('{{code:group}}');
    expect(sourceFormats(source, 'a/en')).toBe(sourceFormats(source, 'a/en'));
  });
});
