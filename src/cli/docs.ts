/**
 * The CLI reference as Markdown, made from the command registry (docs/cli.md
 * embeds it; a test keeps the copy identical): `npm run docs`.
 */
import { commands } from './commands/index.ts';
import { GLOBAL_USAGE } from './main.ts';

export function cliReference(): string {
  const sections = Object.entries(commands).map(
    ([name, c]) => `## authmail ${name}\n\n${c.summary}.\n\n\`\`\`\nUsage: ${c.usage}\n\`\`\``,
  );
  return [`\`\`\`\n${GLOBAL_USAGE}.\n\`\`\``, ...sections].join('\n\n');
}
