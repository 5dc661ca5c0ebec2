/**
 * `authmail <command> [options]`. Parses flags with node:util, prints help,
 * and turns authmail's typed errors into one readable line and exit code 1.
 */
import { parseArgs } from 'node:util';
import { AuthmailError } from '../errors.ts';
import type { CommandContext } from './command.ts';
import { commands } from './commands/index.ts';

type Io = Pick<CommandContext, 'stdout' | 'stderr' | 'cwd'>;

function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: authmail <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nauthmail <command> --help shows a command's options.\n`;
}

export async function runCli(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() },
) {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help());
    return name ? 0 : 1;
  }
  const command = commands[name];
  if (!command) {
    io.stderr.write(`authmail: unknown command "${name}"\n\n${help()}`);
    return 1;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`authmail ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
    return 1;
  }
  if (parsed.values.help) {
    io.stdout.write(`Usage: ${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run({ ...io, positionals: parsed.positionals, values: parsed.values });
  } catch (error) {
    if (error instanceof AuthmailError) {
      io.stderr.write(`authmail ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
