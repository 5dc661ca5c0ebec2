/**
 * The SMTP sink of the serve benchmarks (its own process: `fork`ed with the
 * path of a file): smtp-server on loopback that appends each Message-ID to
 * the file before it answers 250, so its record survives a SIGKILL. Sends
 * `{ port }` to its parent when it listens.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import { SMTPServer } from 'smtp-server';

async function runSink() {
  const idsFile = process.argv[2] as string;
  writeFileSync(idsFile, '');
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disableReverseLookup: true, // no resolver in the sandbox: a PTR lookup would time DNS, not SMTP
    disabledCommands: ['STARTTLS'],
    closeTimeout: 100,
    size: 1024 * 1024,
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (chunk: Buffer) => {
        if (head.length < 4096) head += chunk.toString('latin1');
      });
      stream.on('end', () => {
        // Recorded before the 250: whatever the server was told, the file knows.
        appendFileSync(idsFile, `${/^Message-ID: (<[^>]+>)/im.exec(head)?.[1] ?? '(none)'}\n`);
        callback();
      });
    },
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.server.address() as { port: number }).port }));
}

await runSink();
