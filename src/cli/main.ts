/**
 * `authmail <command> [options]`. Parses flags with node:util, prints help,
 * and turns authmail's typed errors into one readable line and exit code 1.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { AuthmailError, UsageError } from '../core/errors.ts';
import type { CommandContext } from './command.ts';
import { commands } from './commands/index.ts';

type Io = Pick<CommandContext, 'stdout' | 'stderr' | 'cwd'>;

/** Options every command takes: where the project is, and which config file it uses. */
const GLOBAL_OPTIONS = {
  root: { type: 'string' },
  config: { type: 'string', short: 'c' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const GLOBAL_USAGE =
  'Every command: --root <dir> (the project; default: the working directory), --config <file> (default: authmail.config.{ts,mts,js,mjs,json} at the root)';

function help(): string {
  const width = Math.max(...Object.keys(commands).map((n) => n.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: authmail <command> [options]\n\nCommands:\n${lines.join('\n')}\n\n${GLOBAL_USAGE}.\nauthmail <command> --help shows a command's options.\n`;
}

/** The project root named by --root (relative to the working directory), checked to be a folder. */
function projectRoot(root: unknown, cwd: string): string {
  if (root === undefined) return cwd;
  const dir = resolve(cwd, String(root));
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new UsageError(`--root ${String(root)}: no such folder (${dir})`);
  return dir;
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
      options: { ...command.options, ...GLOBAL_OPTIONS },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`authmail ${name}: ${(error as Error).message}\nUsage: ${command.usage}\n`);
    return 1;
  }
  if (parsed.values.help) {
    io.stdout.write(`Usage: ${command.usage}\n${GLOBAL_USAGE}\n`);
    return 0;
  }
  try {
    const cwd = projectRoot(parsed.values.root, io.cwd);
    return await command.run({ ...io, cwd, positionals: parsed.positionals, values: parsed.values });
  } catch (error) {
    if (error instanceof AuthmailError) {
      io.stderr.write(`authmail ${name}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}
