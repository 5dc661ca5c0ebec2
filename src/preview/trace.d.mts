/** `AUTHMAIL_PREVIEW_TRACE=1`: a start-up step or request on stderr with its time since the process started. */
export const trace: ((what: string) => void) | undefined;
