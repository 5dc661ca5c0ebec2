/** The `serve` section of the config: defaults, limits, Authorization rules, secrets redacted. */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSecrets, parseConfig } from '../../src/config/index.ts';
import { ConfigError } from '../../src/core/errors.ts';
import { createMailer, createOutboxTransport } from '../../src/send/index.ts';
import { startServer } from '../../src/serve/index.ts';
import { testBrand } from '../fixtures/brand.ts';
import { serveBundle } from '../fixtures/serve.ts';

/** The tests' own brand, as a config's `brand` section. */
const brand = testBrand;

describe('serve config section', () => {
  it('has safe defaults', () => {
    const config = parseConfig({ brand });
    expect(config.serve).toEqual({
      host: '127.0.0.1',
      port: 8787,
      path: '/',
      strictTypes: false,
      types: {},
      bodyLimit: 16_384,
      readTimeout: 10_000,
      requestTimeout: 30_000,
      keepAliveTimeout: 5_000,
      shutdownTimeout: 30_000,
      maxInFlight: 256,
      rateLimit: {
        recipient: { limit: 5, window: 600_000 },
        domain: false,
        ip: { limit: 30, window: 600_000 },
        recipientKeys: 'canonical',
        maxKeys: 100_000,
        onStoreError: 'deny',
      },
      queue: false,
      metrics: false,
      logLevel: 'info',
    });
  });

  it('lets the request timeout follow a longer read timeout when it is not set', () => {
    const config = parseConfig({ brand, serve: { readTimeout: 60_000 } });
    expect(config.serve.requestTimeout).toBe(60_000);
    expect(parseConfig({ brand, serve: { readTimeout: 5_000 } }).serve.requestTimeout).toBe(30_000);
  });

  it('resolves $[env:] and $[secret:] values, and the Authorization value is a secret', async () => {
    await mkdir('.cache', { recursive: true });
    const dir = await mkdtemp(resolve('.cache/serve-secrets-'));
    try {
      await writeFile(join(dir, 'SERVE_TOKEN'), 'from-a-secret-file-0123456789\n');
      const config = parseConfig(
        {
          brand,
          secretsDir: dir,
          serve: {
            authorization: 'Bearer $[secret:SERVE_TOKEN]',
            port: '$[env:PORT;default=9000]',
            strictTypes: '$[env:STRICT;default=true]',
            rateLimit: { recipient: { limit: '$[env:LIMIT]', window: 60_000 }, ip: false },
          },
        },
        'test',
        { env: { PORT: '8080', LIMIT: '3' } },
      );
      expect(config.serve).toMatchObject({
        authorization: 'Bearer from-a-secret-file-0123456789',
        port: 8080,
        strictTypes: true,
        rateLimit: { recipient: { limit: 3, window: 60_000 }, ip: false },
      });
      expect(configSecrets(config).string('auth=Bearer from-a-secret-file-0123456789')).not.toContain(
        'from-a-secret-file',
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    [{ authorization: 'short' }, 'serve.authorization: must be at least 16 characters'],
    [{ authorization: 'Bearer 0123456789abcdef\r\nX: y' }, 'serve.authorization: must not contain line breaks'],
    [{ port: 'eighty' }, 'serve.port: must be a number'],
    [{ port: 70_000 }, 'serve.port: must be at most 65535'],
    [{ bodyLimit: 10 }, 'serve.bodyLimit: must be at least 1024 bytes'],
    [{ rateLimit: { recipient: { limit: 0, window: 60_000 } } }, 'serve.rateLimit.recipient'],
    [{ rateLimit: { ip: { limit: 5, window: 10 } } }, 'serve.rateLimit.ip'],
    [{ readTimeout: 20_000, requestTimeout: 10_000 }, 'serve.requestTimeout: must not be shorter than readTimeout'],
    [{ path: '/healthz' }, 'serve.path: is reserved for /healthz'],
    [{ path: 'email' }, 'serve.path: must be an absolute path'],
    [{ logLevel: 'loud' }, 'serve.logLevel: must be one of'],
    [{ strict: true }, 'serve: Unrecognized key: "strict"'],
  ])('%j → an error naming the key', (serve, message) => {
    let error: unknown;
    try {
      parseConfig({ brand, serve });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
  });

  it('refuses to start without serve.authorization', async () => {
    const { bundle } = await serveBundle();
    const mailer = createMailer({
      bundle,
      transport: createOutboxTransport({ dir: 'outbox' }),
      from: 'a@acme.example',
    });
    await expect(startServer({ bundle, mailer, settings: { port: 0 } })).rejects.toThrow(
      /serve\.authorization: is not set.*Authorization header Logto/,
    );
  });
});
