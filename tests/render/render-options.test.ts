/** `render()` called from JavaScript without its options checked by TypeScript: named errors, not crashes. */
import { describe, expect, it } from 'vitest';
import { render } from '../../src/render/render.tsx';
import { testBrand } from '../fixtures/brand.ts';
import { logtoCatalog as catalog, logtoTranslations as translations } from '../fixtures/logto-content.tsx';

describe('render()', () => {
  it('names a missing brand as the option it is', async () => {
    // biome-ignore lint/suspicious/noExplicitAny: the call a JavaScript caller can make
    const call = render('sign-in', { catalog, translations, variables: { code: '123456' } } as any);
    await expect(call).rejects.toThrow(/render\("sign-in"\): the "brand" option is missing; pass your config's brand/);
  });

  it('names a malformed brand field by field', async () => {
    const brand = { ...testBrand, primaryColor: 'blue', logoUrl: 'http://insecure.example/logo.png' };
    const call = render('sign-in', { catalog, translations, brand, variables: { code: '123456' } });
    await expect(call).rejects.toThrow(/brand\.primaryColor: must be a hex colour/);
    await expect(call).rejects.toThrow(/brand\.logoUrl: must be an https:\/\/ URL/);
  });

  it('renders with a valid brand', async () => {
    const email = await render('sign-in', { catalog, translations, brand: testBrand, variables: { code: '123456' } });
    expect(email.text).toContain('123456');
  });
});
