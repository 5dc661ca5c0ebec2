/** The HTTP plumbing both servers share (src/core/http.ts), on request streams made here. */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RequestError, readBody, readJson } from '../../src/core/http.ts';
import { parseApprove, parseRender, parseSend } from '../../src/preview/requests.ts';

const request = (chunks: string[], headers: Record<string, string> = {}) =>
  Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;

describe('readBody / readJson', () => {
  it('reads a body in chunks, and JSON from it ({} when empty)', async () => {
    expect((await readBody(request(['ab', 'cd']), 10)).toString()).toBe('abcd');
    expect(await readJson(request(['{"a":', '1}']), 100)).toEqual({ a: 1 });
    expect(await readJson(request([]), 100)).toEqual({});
  });

  it('refuses a body over the limit with 413, by its declared length before reading', async () => {
    await expect(readBody(request(['12345', '678']), 6)).rejects.toMatchObject({
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
    });
    await expect(readBody(request([], { 'content-length': '7' }), 6)).rejects.toMatchObject({ status: 413 });
  });

  it('names what is wrong with a body that is not JSON (400)', async () => {
    const error = await readJson(request(['{"template": ']), 100).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({ status: 400, code: 'BAD_JSON' });
    expect((error as Error).message).toMatch(/^The request body is not JSON: /);
  });
});

describe("the preview's request schemas", () => {
  it('accept what the page sends', () => {
    expect(parseRender({ template: 'sign-in', locale: 'de', variables: { code: '1' } })).toEqual({
      template: 'sign-in',
      locale: 'de',
      variables: { code: '1' },
    });
    expect(parseSend({ template: 'sign-in', locale: 'de', via: 'configured' })).toMatchObject({
      to: '',
      via: 'configured',
    });
    expect(parseApprove({ id: 'en/sign-in.desktop-light' })).toEqual({ ids: ['en/sign-in.desktop-light'] });
    expect(parseApprove({ ids: ['en/a.mobile-light', 'de/a.mobile-light'] })).toEqual({
      ids: ['en/a.mobile-light', 'de/a.mobile-light'],
    });
  });

  it('refuse a malformed body with 400, naming each field', () => {
    const bad = (parse: (b: unknown) => unknown, body: unknown) => {
      try {
        parse(body);
      } catch (error) {
        return [(error as RequestError).status, (error as Error).message];
      }
      return 'accepted';
    };
    expect(bad(parseRender, { locale: 'de' })).toEqual([
      400,
      'template: Invalid input: expected string, received undefined',
    ]);
    expect(bad(parseRender, { template: '', locale: 'de' })).toEqual([400, 'template: a template id is required']);
    expect(bad(parseSend, { template: 't', locale: 'de', via: 'smtp' })).toEqual([
      400,
      'via: Invalid option: expected one of "inbox"|"configured"',
    ]);
    expect(bad(parseApprove, {})).toEqual([
      400,
      '(root): approve needs { "id": "<locale>/<template>.<variant>" } or { "ids": [...] }',
    ]);
    expect(bad(parseApprove, { ids: [] })).toEqual([400, 'ids: Too small: expected array to have >=1 items']);
    expect(bad(parseApprove, { ids: ['a', 7] })).toEqual([
      400,
      'ids.1: Invalid input: expected string, received number',
    ]);
  });
});
