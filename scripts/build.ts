/** `npm run build [-- --out dir] [--sizes]`: the same as `authmail build`. */
import { runCli } from '../src/cli/main.ts';

process.exitCode = await runCli(['build', ...process.argv.slice(2)]);
