/** Every `authmail` command, by name. Add one file per command and one line here. */
import type { Command } from '../command.ts';
import { add } from './add.ts';
import { build } from './build.ts';
import { check } from './check.ts';
import { dev } from './dev.ts';
import { doctor } from './doctor.ts';
import { exportCommand } from './export.ts';
import { init } from './init.ts';
import { locales } from './locales.ts';
import { preview } from './preview.ts';
import { queue } from './queue.ts';
import { send } from './send.ts';
import { serve } from './serve.ts';
import { testVisual } from './test-visual.ts';
import { worker } from './worker.ts';

export const commands: Record<string, Command> = {
  init,
  add,
  locales,
  build,
  check,
  dev,
  preview,
  doctor,
  export: exportCommand,
  send,
  'test:visual': testVisual,
  serve,
  worker,
  queue,
};
