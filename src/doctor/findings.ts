export type Status = 'ok' | 'info' | 'warning' | 'error';

export interface Finding {
  readonly check: 'spf' | 'dkim' | 'dmarc' | 'alignment' | 'separation';
  readonly status: Status;
  readonly message: string;
  /** What to change, for anything that is not ok. */
  readonly fix?: string;
  /** The DNS name and record the finding is about. */
  readonly name?: string;
  readonly record?: string;
}
