// @ts-check
/**
 * `AUTHMAIL_PREVIEW_TRACE=1`: each start-up step and request of `authmail dev` on stderr, with its time since
 * the process started (the launcher's and the server's alike); undefined otherwise.
 * @type {((what: string) => void) | undefined}
 */
export const trace = process.env.AUTHMAIL_PREVIEW_TRACE
  ? (what) => process.stderr.write(`[${Math.round(performance.now())} ms] ${what}\n`)
  : undefined;
