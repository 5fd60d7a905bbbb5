import { playDemo } from './play-demo.ts';

// `npm run demo`: the whole rollout in-process, with no credentials and no network. A failure has
// already been printed with the timeline; only the exit code is left to set.
await playDemo().catch(() => {
  process.exitCode = 1;
});
