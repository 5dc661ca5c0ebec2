/** Every `authmail` command, by name. Add one file per command and one line here. */
import type { Command } from '../command.ts';
import { build } from './build.ts';
import { doctor } from './doctor.ts';
import { exportCommand } from './export.ts';
import { send } from './send.ts';

export const commands: Record<string, Command> = {
  build,
  doctor,
  export: exportCommand,
  send,
};
