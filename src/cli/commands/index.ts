/** Every `authmail` command, by name. Add one file per command and one line here. */
import type { Command } from '../command.ts';
import { build } from './build.ts';
import { dev } from './dev.ts';

export const commands: Record<string, Command> = {
  build,
  dev,
};
