/** Every `authmail` command, by name. Add one file per command and one line here. */
import type { Command } from '../command.ts';
import { build } from './build.ts';
import { doctor } from './doctor.ts';
import { send } from './send.ts';
import { serve } from './serve.ts';

export const commands: Record<string, Command> = {
  build,
  doctor,
  send,
  serve,
};
