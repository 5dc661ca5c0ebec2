/**
 * "Send test": delivers the previewed email, exactly as rendered, to the
 * built-in local inbox.
 *
 * For now this uses nodemailer directly. When the sender module (issue 4,
 * `createMailer` and its transports in `src/send/`) lands, this function
 * switches to `createMailer`, so a test send takes the same path as a real
 * one, and gains a `transport` choice (the configured transport) next to the
 * local inbox. Nothing leaves the machine unless the user picks that.
 */
export interface TestMessage {
  from: { name: string; address: string };
  to: string;
  subject: string;
  html: string;
  text: string;
  /** Shown in the inbox view's headers. */
  headers?: Record<string, string>;
}

export interface SendTarget {
  host: string;
  port: number;
}

export interface SentInfo {
  messageId: string;
  accepted: string[];
}

export async function sendTest(message: TestMessage, target: SendTarget): Promise<SentInfo> {
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: target.host,
    port: target.port,
    secure: false,
    ignoreTLS: true,
    connectionTimeout: 5_000,
  });
  try {
    const info = await transport.sendMail({
      from: message.from,
      to: message.to,
      subject: message.subject,
      html: message.html,
      text: message.text,
      headers: message.headers,
    });
    return { messageId: info.messageId, accepted: info.accepted.map(String) };
  } finally {
    transport.close();
  }
}
