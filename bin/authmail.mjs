#!/usr/bin/env node
// The `authmail` command. Templates and config are TypeScript, so it runs through tsx,
// except `authmail dev`, which compiles what it needs itself to start fast (src/preview/launch.mjs).
if (process.argv[2] === 'dev') {
  const { runDev } = await import('../src/preview/launch.mjs');
  process.exitCode = await runDev(process.argv.slice(2));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  const { runCli } = await import('../src/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2));
}
