import type { Command } from '../command.ts';
import { commandConfig } from '../config.ts';

export const preview: Command = {
  summary: 'Build a static review site of every template × locale (opens from file:// or any static host)',
  usage:
    'authmail preview build [--out preview-build] [--no-browser]\n' +
    '  --out         the folder to write (default preview-build; emptied only when an earlier build wrote it)\n' +
    '  --no-browser  skip the Chromium checks (accessibility, line breaks) in the Checks view',
  options: {
    out: { type: 'string', default: 'preview-build' },
    'no-browser': { type: 'boolean', default: false },
  },
  async run({ positionals, values, stdout, stderr, cwd }) {
    if (positionals[0] !== 'build' || positionals.length > 1) {
      stderr.write(
        `authmail preview: ${positionals.length ? `unknown action "${positionals.join(' ')}"` : 'name an action'} (\`authmail dev\` runs the live preview)\nUsage: ${preview.usage}\n`,
      );
      return 1;
    }
    const config = await commandConfig('preview build', values.config, cwd, stderr, ['brand']);
    const tty = (stderr as NodeJS.WriteStream).isTTY === true;
    const { buildReviewSite } = await import('../../preview/site.ts');
    const started = performance.now();
    const site = await buildReviewSite({
      root: cwd,
      config,
      out: String(values.out),
      browser: values['no-browser'] !== true,
      onProgress(stage, done, total) {
        if (tty) stderr.write(`\r\x1b[2K${stage} ${done}/${total}`);
      },
    });
    if (tty) stderr.write('\r\x1b[2K');
    stdout.write(
      `preview build: ${site.emails} emails, ${site.files} files (${(site.bytes / 1024 / 1024).toFixed(1)} MB) in ${site.out} — open index.html, or serve the folder (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
    return 0;
  },
};
