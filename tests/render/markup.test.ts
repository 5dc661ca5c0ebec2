/** The plain-text part made from the HTML (src/render/markup.ts). */
import { describe, expect, it } from 'vitest';
import { toText } from '../../src/render/markup.ts';

describe('toText', () => {
  it('prints a link shown as its own URL once, a mailto link as its address, other links with their URL', () => {
    const html =
      '<p>Need help? <a href="mailto:help@fixture.test">help@fixture.test</a> · <a href="https://help.fixture.test">help.fixture.test</a> · <a href="https://docs.fixture.test/">docs.fixture.test</a></p>' +
      '<p><a href="https://fixture.test/accept?t=1">Accept</a></p>';
    expect(toText(html)).toBe(
      'Need help? help@fixture.test · https://help.fixture.test · https://docs.fixture.test/\n\nAccept https://fixture.test/accept?t=1',
    );
  });
});
