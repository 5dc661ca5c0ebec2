/**
 * The ses transport: the AWS SDK v3 (`@aws-sdk/client-sesv2`) pointed at a
 * loopback server that checks SES v2 SendEmail's documented request (path,
 * JSON body) and verifies its SigV4 signature, then answers with SES's
 * success and error shapes.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { templateData } from '../../src/hosted/data.ts';
import { classifySesError } from '../../src/providers/ses/api.ts';
import type { Bundle } from '../../src/runtime/index.ts';
import { createMailer, createSesTransport, type DeliveryInput } from '../../src/send/index.ts';
import { closeProviderServers, json, providerServer } from '../fixtures/provider-server.ts';
import { collectLog, fastRetries, sendError, testBundle } from '../fixtures/send.ts';
import { awsError, verifySigV4 } from '../fixtures/sigv4.ts';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

const CREDS = { accessKeyId: 'AKIDAUTHMAILTEST', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
let bundle: Bundle;
beforeAll(async () => {
  bundle = (await testBundle()).bundle;
});
afterEach(closeProviderServers);

const once: DeliveryInput = { ...fastRetries, maxAttempts: 1 };
const input = {
  template: 'sign-in',
  to: { name: 'Zoë Ünal', address: 'zoe@example.com' },
  locale: 'de',
  variables: { code: '482915', application: { id: 'app_1', name: 'Acme Cloud' } },
};

const transport = (endpoint: string, extra: Record<string, unknown> = {}) =>
  createSesTransport({ region: 'eu-west-1', endpoint, ...CREDS, ...extra });
const mailer = (t: ReturnType<typeof transport>, delivery: DeliveryInput = fastRetries) =>
  createMailer({
    bundle,
    transport: t,
    from: 'Acme <no-reply@acme.example>',
    delivery,
    secrets: [CREDS.secretAccessKey],
    log: collectLog().log,
  });

describe('ses', () => {
  it('sends SendEmail (POST /v2/email/outbound-emails) with Content.Simple, SigV4-signed', async () => {
    const s = await providerServer(() => json(200, { MessageId: '0102018c-ses-1' }));
    const t = transport(s.url, { configurationSetName: 'auth', tags: { flow: 'sign-in' } });
    const result = await mailer(t).send(input);
    await t.close?.();
    const req = s.requests[0];
    expect(`${req?.method} ${req?.path}`).toBe('POST /v2/email/outbound-emails');
    expect(req?.headers['content-type']).toBe('application/json');
    const sig = req ? verifySigV4(req, CREDS) : undefined;
    expect(sig).toEqual({ accessKeyId: CREDS.accessKeyId, region: 'eu-west-1', service: 'ses', valid: true });
    const r = bundle.render('sign-in', input);
    expect(req?.json).toEqual({
      FromEmailAddress: 'Acme <no-reply@acme.example>',
      Destination: { ToAddresses: [`=?UTF-8?B?${Buffer.from('Zoë Ünal').toString('base64')}?= <zoe@example.com>`] },
      Content: {
        Simple: {
          Subject: { Data: r.subject, Charset: 'UTF-8' },
          Body: { Text: { Data: r.text, Charset: 'UTF-8' }, Html: { Data: r.html, Charset: 'UTF-8' } },
          Headers: [
            { Name: 'Auto-Submitted', Value: 'auto-generated' },
            { Name: 'Content-Language', Value: 'de' },
          ],
        },
      },
      ConfigurationSetName: 'auth',
      EmailTags: [{ Name: 'flow', Value: 'sign-in' }],
    });
    expect(result).toMatchObject({ transport: 'ses', messageId: '0102018c-ses-1', accepted: ['zoe@example.com'] });
  });

  it('a signature made with another secret does not verify (the check is real)', async () => {
    const s = await providerServer(() => json(200, { MessageId: 'x' }));
    await mailer(transport(s.url, { secretAccessKey: 'another-secret-0000000000' })).send(input);
    expect(s.requests[0] && verifySigV4(s.requests[0], CREDS)).toMatchObject({
      valid: false,
      reason: 'signature mismatch',
    });
  });

  it('sends a hosted template: Content.Template with TemplateName and TemplateData as a JSON string', async () => {
    const s = await providerServer(() => json(200, { MessageId: 'x' }));
    await mailer(transport(s.url)).send({ ...input, hosted: true });
    const content = (s.requests[0]?.json as { Content: { Template: Record<string, unknown> } } | undefined)?.Content;
    expect(Object.keys(content ?? {})).toEqual(['Template']);
    expect(content?.Template.TemplateName).toBe('authmail-sign-in-de');
    expect(JSON.parse(content?.Template.TemplateData as string)).toEqual(templateData(bundle, 'sign-in', input).data);
  });

  it.each([
    [400, 'MessageRejected', 'Email address is not verified.', 'REJECTED', false],
    [400, 'MailFromDomainNotVerifiedException', 'The MAIL FROM domain is not verified.', 'REJECTED', false],
    [400, 'SendingPausedException', 'Sending is paused for this account.', 'REJECTED', false],
    [404, 'NotFoundException', 'Template authmail-sign-in-de does not exist.', 'REJECTED', false],
    [
      403,
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
      'AUTH_FAILED',
      false,
    ],
    [403, 'InvalidSignatureException', 'The request signature we calculated does not match.', 'AUTH_FAILED', false],
    [500, 'InternalFailure', 'Internal failure.', 'TEMPORARY_FAILURE', true],
    [503, 'ServiceUnavailable', 'Service unavailable.', 'TEMPORARY_FAILURE', true],
  ])('maps %i %s to %s', async (status, type, message, code, retryable) => {
    const s = await providerServer(() => awsError(status, type, message));
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code, status, retryable, transport: 'ses', detail: type });
    expect(error.message).toContain(`SendEmail answered ${status}: ${type}: ${message}`);
    expect(s.requests).toHaveLength(1); // the SDK's own retries are off
  });

  it('maps 429 TooManyRequestsException with Retry-After to a retryable wait, and retries it', async () => {
    const s = await providerServer((_req, n) =>
      n === 1
        ? awsError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.', { 'retry-after': '1' })
        : json(200, { MessageId: 'after-throttle' }),
    );
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error).toMatchObject({ code: 'TEMPORARY_FAILURE', status: 429, retryable: true, retryAfterMs: 1000 });
    s.handle((_req, n) =>
      n === 2
        ? awsError(429, 'TooManyRequestsException', 'Maximum sending rate exceeded.')
        : json(200, { MessageId: 'ok' }),
    );
    expect(await mailer(transport(s.url)).send(input)).toMatchObject({ attempts: 2, messageId: 'ok' });
  });

  it('classifies throttling on a 400 as transient, and missing credentials as an auth failure', () => {
    expect(classifySesError({ name: 'Throttling', $metadata: { httpStatusCode: 400 } })).toMatchObject({
      code: 'TEMPORARY_FAILURE',
      retryable: true,
    });
    expect(classifySesError({ name: 'CredentialsProviderError', message: 'Could not load credentials' })).toEqual({
      code: 'AUTH_FAILED',
      retryable: false,
      detail: 'CredentialsProviderError',
    });
  });

  it('never shows the secret access key', async () => {
    const s = await providerServer(() => awsError(403, 'SignatureDoesNotMatch', `bad secret ${CREDS.secretAccessKey}`));
    const error = await sendError(mailer(transport(s.url), once).send(input));
    expect(error.message).not.toContain(CREDS.secretAccessKey);
  });

  it('requires a region, and both halves of an access key', () => {
    const issues = (input: unknown) => {
      try {
        createSesTransport(input as never);
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as ConfigError).issues;
      }
      throw new Error('expected a ConfigError');
    };
    expect(issues({})).toEqual([{ path: 'region', message: 'is required (the AWS region, such as eu-west-1)' }]);
    expect(issues({ region: 'eu-west-1', accessKeyId: 'AKID' })).toEqual([
      { path: 'secretAccessKey', message: 'is required with accessKeyId' },
    ]);
    expect(issues({ region: 'Frankfurt' })[0]?.path).toBe('region');
  });
});
