/**
 * Structured logs of `authmail serve`: one JSON object per line, one line per
 * request (status, Logto type, template, locale, duration, masked recipient,
 * transport result), plus lifecycle lines. What never gets here: the code,
 * the link, any other variable, the Authorization value or a config secret.
 * Recipients are masked (`m***@example.com`), and so is every address inside
 * a logged text (an SMTP reply may quote one); config secrets are redacted.
 */
import type { Redactor } from '../core/redact.ts';

export type ServeLogLevel = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<ServeLogLevel | 'silent', number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface ServeLogger {
  log(level: ServeLogLevel, event: string, fields?: Record<string, unknown>): void;
  enabled(level: ServeLogLevel): boolean;
}

export { maskAddress, maskAddresses } from '../mail/mask.ts';

export interface LoggerOptions {
  level?: ServeLogLevel | 'silent';
  /** Where lines go (default: stdout). */
  write?: (line: string) => void;
  /** Config secrets to redact from every line. */
  redact?: Redactor;
  clock?: () => Date;
}

export function createLogger(options: LoggerOptions = {}): ServeLogger {
  const threshold = RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(line));
  const clock = options.clock ?? (() => new Date());
  const redact = options.redact;
  return {
    enabled: (level) => RANK[level] >= threshold,
    log(level, event, fields = {}) {
      if (RANK[level] < threshold) return;
      let line = JSON.stringify({ time: clock().toISOString(), level, event, ...fields });
      if (redact?.size) line = redact.string(line);
      write(`${line}\n`);
    },
  };
}
