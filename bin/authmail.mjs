#!/usr/bin/env node
// The `authmail` command. Templates and config are TypeScript, so it runs through tsx,
// with the project's tsconfig (JSX settings) whatever the working directory — except `authmail dev`,
// which compiles what it needs itself to start fast (src/preview/launch.mjs).
if (process.argv[2] === 'dev') {
  const { runDev } = await import('../src/preview/launch.mjs');
  process.exitCode = await runDev(process.argv.slice(2));
} else {
  const { fileURLToPath } = await import('node:url');
  const { register } = await import('tsx/esm/api');
  register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
  const { runCli } = await import('../src/cli/main.ts');
  process.exitCode = await runCli(process.argv.slice(2));
}
