import { fleetCommand, fleetUsage } from './fleet-command.ts';
import { type CliIo, processIo, UsageError } from './io.ts';
import { planCommand, planUsage } from './plan-command.ts';
import { replayCommand, replayUsage } from './replay-command.ts';
import { schemaCommand, schemaUsage } from './schema-command.ts';
import { serveCommand, serveUsage } from './serve-command.ts';
import { validateCommand, validateUsage } from './validate-command.ts';

const COMMANDS: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  validate: validateCommand,
  plan: planCommand,
  schema: schemaCommand,
  replay: replayCommand,
  fleet: (args, io) => fleetCommand(args, io),
  serve: serveCommand,
};

const USAGE = `usage:
  ${validateUsage}
  ${planUsage}
  ${schemaUsage}
  ${replayUsage}
  ${fleetUsage}
  ${serveUsage}

exit codes: 0 valid, 1 invalid, 2 usage error
`;

/** The `guard` command line. Returns the exit code; never throws for bad input. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    (command === undefined ? io.err : io.out)(USAGE);
    return command === undefined ? 2 : 0;
  }
  const run = COMMANDS[command];
  if (!run) {
    io.err(`guard: unknown command '${command}'\n${USAGE}`);
    return 2;
  }
  try {
    return await run(args, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`guard ${command}: ${(err as Error).message}\n${USAGE}`);
      return 2;
    }
    io.err(`guard ${command}: ${(err as Error).message}\n`);
    return 1;
  }
}
