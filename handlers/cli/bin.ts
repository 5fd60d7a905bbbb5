// The `guard` process: bin/guard.js runs this compiled (dist/handlers/cli/bin.js); development and
// the tests may run the TypeScript through tsx (`npm run dev`).
import { main } from './main.ts';

// `guard plan | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});

const argv = process.argv.slice(2);
const code = await main(argv);
// After its shutdown grace `serve` may leave abandoned work holding sockets open: end the process.
if (argv[0] === 'serve') process.exit(code);
process.exitCode = code;
