import { loadConfig } from '../../config/load.ts';
import { formatReport, runDoctor, systemResolver } from '../../doctor/index.ts';
import type { Command } from '../command.ts';

export const doctor: Command = {
  summary: 'Check a sending domain’s SPF, DKIM and DMARC',
  usage: 'authmail doctor <domain> [--selector s]… [--from address] [--dns-server host[:port]] [--json]',
  options: {
    selector: { type: 'string', multiple: true },
    from: { type: 'string' },
    'dns-server': { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  async run({ positionals, values, stdout, stderr, cwd }) {
    const [domain] = positionals;
    if (!domain) {
      stderr.write(`Usage: ${this.usage}\n`);
      return 1;
    }
    let from = values.from as string | undefined;
    if (!from) {
      // The brand's From address, when a config is present.
      from = await loadConfig(values.config as string | undefined, cwd).then(
        ({ config }) => config.brand.fromAddress,
        () => undefined,
      );
    }
    const report = await runDoctor(domain, {
      selectors: (values.selector as string[] | undefined) ?? [],
      from,
      resolver: systemResolver({ server: values['dns-server'] as string | undefined }),
    });
    stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
    return report.status === 'error' ? 1 : 0;
  },
};
