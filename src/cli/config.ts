/** The project's config for a command, its warnings on the command's topics printed once on stderr. */
import { loadConfig } from '../config/load.ts';
import { configWarnings, type WarningTopic } from '../config/warnings.ts';

export async function commandConfig(
  command: string,
  file: unknown,
  cwd: string,
  stderr: NodeJS.WritableStream,
  topics: readonly WarningTopic[],
) {
  const { config } = await loadConfig(file as string | undefined, cwd);
  for (const warning of configWarnings(config, topics)) stderr.write(`authmail ${command}: warning: ${warning}\n`);
  return config;
}
