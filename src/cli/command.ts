/**
 * The shape of a CLI command: one file per command in `src/cli/commands/`,
 * registered in `src/cli/commands/index.ts`.
 */
import type { ParseArgsConfig } from 'node:util';

export interface CommandContext {
  /** Positional arguments after the command name. */
  positionals: string[];
  /** Parsed `--options`. */
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  /** Where output goes (tests capture it). */
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
}

export interface Command {
  /** One line for `authmail --help`. */
  summary: string;
  /** Usage line(s) shown by `authmail <name> --help`. */
  usage: string;
  options?: ParseArgsConfig['options'];
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}
