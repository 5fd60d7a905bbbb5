#!/usr/bin/env node
// The `guard` command. Sources are TypeScript; tsx loads them on Node 20 without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../handlers/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
