#!/usr/bin/env node
// The `guard` command. Sources are TypeScript; tsx loads them on Node 20 without a build step.
import { register } from 'tsx/esm/api';

register();
// `guard plan | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
const { main } = await import('../handlers/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
