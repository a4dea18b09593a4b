import { wantsHelp } from './args.ts';
import { CliError, UsageError } from './errors.ts';
import { processIo, type Io } from './io.ts';
import { findCommand, subcommandsOf } from './command-table.ts';
import { loadCommand } from './registry.ts';
import { usageText } from './usage.ts';

/**
 * Entry point of `resdesk`; returns the process exit code: 0 on success, 1 when the work failed,
 * 2 when the command line is wrong. A failure prints exactly one line, `resdesk: <message>`, on
 * stderr.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  try {
    // `--json` may also come before the command: `resdesk --json customers list`.
    const leadingJson = argv[0] === '--json';
    const words = leadingJson ? argv.slice(1) : argv;
    const [first] = words;
    if (first === undefined || first === '--help' || first === '-h') return await runHelp(leadingJson ? ['--json'] : [], io);
    if (first.startsWith('-')) throw new UsageError(`unknown option ${first}; options go after the command (resdesk help lists the commands)`);
    const found = findCommand(words);
    if (!found) {
      const subs = subcommandsOf(first);
      if (subs.length) {
        const given = words[1];
        if (given === '--help' || given === '-h') return await runHelp([first], io);
        if (given === undefined) throw new UsageError(`"resdesk ${first}" needs a subcommand: ${subs.join(', ')}`);
        throw new UsageError(`unknown command "${first} ${given}"; "resdesk ${first}" takes ${subs.join(', ')}`);
      }
      throw new UsageError(`unknown command "${first}"; run resdesk help for the list`);
    }
    if (found.info.name !== 'help' && wantsHelp(found.rest)) {
      io.out(usageText(found.info));
      return 0;
    }
    const module = await loadCommand(found.info.name);
    return await module.run(leadingJson ? ['--json', ...found.rest] : found.rest, io);
  } catch (err) {
    return reportError(io, err);
  }
}

async function runHelp(argv: string[], io: Io): Promise<number> {
  return (await loadCommand('help')).run(argv, io);
}

/** Prints the one error line and returns the exit code for the failure. */
export function reportError(io: Io, err: unknown): number {
  let message = err instanceof Error ? err.message : String(err);
  // Node reports a refused connection to a name with several addresses as an AggregateError without a message.
  if (!message && err instanceof AggregateError) message = err.errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
  const line = message.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unexpected error';
  io.err(`resdesk: ${line}\n`);
  if (io.env.RESDESK_DEBUG && err instanceof Error && !(err instanceof CliError)) io.err(`${err.stack}\n`);
  return err instanceof CliError ? err.exitCode : 1;
}
