import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { printJson } from '../output.ts';
import { COMMANDS, findCommand, subcommandsOf, type CommandInfo } from '../command-table.ts';
import { usageText } from '../usage.ts';

/** `resdesk help [command]`: the list of commands, or the usage of the named ones. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'help', variadic: true });
  const words = args.positionals;
  const shown: readonly CommandInfo[] = words.length ? selectCommands(words) : COMMANDS;
  if (args.json) {
    printJson(io, { commands: shown.map((c) => ({ name: c.name, summary: c.summary, usage: c.usage, local: Boolean(c.local) })) });
    return 0;
  }
  if (words.length) {
    io.out(shown.map(usageText).join('\n\n'));
    return 0;
  }
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  io.out([
    'resdesk: the Reservation Desk command line',
    '',
    'Usage: resdesk <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json for machine-readable output on stdout and --help for its usage.',
    'Server commands use the sign-in of resdesk login; seed and prices import work on the local',
    'database (DATABASE_URL, or SQLite under DATA_DIR).',
    'Exit status: 0 done, 1 failed, 2 wrong command line; failures print one "resdesk: …" line on stderr.',
  ].join('\n'));
  return 0;
}

function selectCommands(words: string[]): CommandInfo[] {
  const found = findCommand(words);
  if (found && found.rest.length === 0) return [found.info];
  const group = subcommandsOf(words[0]!);
  if (words.length === 1 && group.length) return group.map((s) => findCommand([words[0]!, s])!.info);
  throw new UsageError(`help: unknown command "${words.join(' ')}"; run resdesk help for the list`);
}
