import fs from 'node:fs';
import { DomainError } from '../../domain/errors.ts';
import { importPriceCsv } from '../../services/price-import.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { withLocalContext } from '../local-context.ts';
import { details, plural, printJson, table } from '../output.ts';

/**
 * `resdesk prices import <file.csv>`: imports a price list into the local database. Prints the
 * report with every rejected row and its line number; exits 1 when any row was rejected.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'prices import', positionals: ['file.csv'] });
  const file = args.positional(0);
  const csv = await readInput(io, file);
  const report = await withLocalContext(io, async (ctx) => {
    try {
      return await importPriceCsv(ctx, csv);
    } catch (err) {
      // A file the importer refuses as a whole (no header, missing columns) is the user's to fix.
      if (err instanceof DomainError) throw new CliError(`${file}: ${err.message}`);
      throw err;
    }
  });
  if (args.json) printJson(io, report);
  else {
    io.out(`Read ${plural(report.rowsRead, 'row')} from ${file}.`);
    io.out(details([
      ['  New prices', report.imported],
      ['  Updated prices', report.updated],
      ['  New SKUs', report.skusCreated],
      ['  Rejected rows', report.rejected.length],
    ]).join('\n'));
    if (report.rejected.length) {
      io.out('');
      io.out(table(report.rejected, [
        { header: 'line', value: (r) => r.line, align: 'right' },
        { header: 'reason', value: (r) => r.reason },
      ]).join('\n'));
    }
  }
  if (report.rejected.length) {
    const lines = report.rejected.map((r) => r.line);
    const shown = lines.length > 10 ? `${lines.slice(0, 10).join(', ')}, …` : lines.join(', ');
    throw new CliError(`${plural(report.rejected.length, 'row')} of ${report.rowsRead} rejected (line${lines.length === 1 ? '' : 's'} ${shown}); the other rows were imported`);
  }
  return 0;
}

async function readInput(io: Io, file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${file}: no such file` : `cannot read ${file}: ${(err as Error).message}`);
  }
}
