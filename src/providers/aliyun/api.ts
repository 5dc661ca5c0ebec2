/**
 * Alibaba Cloud's RPC API (Direct Mail, version 2015-11-23) with signature
 * version 1.0: common parameters, parameters sorted and percent-encoded per
 * RFC 3986, `StringToSign = METHOD&%2F&enc(canonical query)`, and
 * `Signature = base64(HMAC-SHA1(secret + "&", StringToSign))`. Errors come
 * as `{ Code, Message, RequestId }`; `Throttling*` codes are transient
 * whatever the status, signature and AccessKey codes are auth failures.
 */
import { createHmac, randomUUID } from 'node:crypto';
import {
  type ApiClient,
  type ApiResponse,
  createApiClient,
  type FormFields,
  type ProviderError,
} from '../../mail/api.ts';
import { ALIYUN_ENDPOINTS, type AliyunApiOptions } from './options.ts';

export const ALIYUN_DM_VERSION = '2015-11-23';

/** RFC 3986 percent-encoding (space → %20, `*` → %2A, `~` kept). */
export const percentEncode = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Signature version 1.0 of a parameter set. */
export function signRpc(params: Record<string, string>, secret: string, method = 'POST'): string {
  const canonical = Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

export interface RpcSigning {
  /** Fixed nonce and time (tests); default a UUID and now. */
  nonce?: () => string;
  now?: () => Date;
}

/** The action's parameters with the common ones and the signature, as form fields. */
export function signedParams(
  action: string,
  params: Record<string, string>,
  options: Pick<AliyunApiOptions, 'accessKeyId' | 'accessKeySecret'>,
  signing: RpcSigning = {},
): FormFields {
  const all: Record<string, string> = {
    Action: action,
    Version: ALIYUN_DM_VERSION,
    Format: 'JSON',
    AccessKeyId: options.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: signing.nonce?.() ?? randomUUID(),
    Timestamp: (signing.now?.() ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    ...params,
  };
  return [...Object.entries(all), ['Signature', signRpc(all, options.accessKeySecret)]];
}

const AUTH_CODES =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidTimeStamp|SignatureNonceUsed|Forbidden)/;

export function readAliyunError(response: ApiResponse): ProviderError {
  const body = response.json as { Code?: unknown; Message?: unknown } | undefined;
  const code = typeof body?.Code === 'string' ? body.Code : undefined;
  if (!code) return {};
  const message = `${code}: ${typeof body?.Message === 'string' ? body.Message : ''}`;
  if (/^Throttling/.test(code) || code === 'ServiceUnavailable') {
    return { message, classified: { code: 'TEMPORARY_FAILURE', retryable: true, detail: code } };
  }
  if (AUTH_CODES.test(code)) return { message, classified: { code: 'AUTH_FAILED', retryable: false, detail: code } };
  return { message, classified: { detail: code } };
}

export function aliyunClient(options: Pick<AliyunApiOptions, 'endpoint' | 'region' | 'accessKeySecret'>): ApiClient {
  return createApiClient({
    name: 'aliyun',
    baseUrl: options.endpoint ?? (ALIYUN_ENDPOINTS[options.region] as string),
    headers: {},
    redactedHeaders: {},
    readError: readAliyunError,
    secrets: [options.accessKeySecret],
  });
}
