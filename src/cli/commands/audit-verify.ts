import { verifyAuditChain } from '../../services/audit-log-service.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError } from '../errors.ts';
import type { Io } from '../io.ts';
import { withLocalContext } from '../local-context.ts';
import { printJson } from '../output.ts';

/**
 * `resdesk audit verify`: walks the audit hash chain of the local database (DATA_DIR /
 * DATABASE_URL) and reports the first broken entry; exits 1 when the chain is broken.
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'audit verify' });
  const report = await withLocalContext(io, (ctx) => verifyAuditChain(ctx.store.db));
  if (args.json) printJson(io, report);
  else if (report.ok) io.out(`Audit chain intact: ${report.entries} entries, head at position ${report.headSequence}.`);
  if (!report.ok) {
    const b = report.firstBroken!;
    throw new CliError(`audit chain broken at entry ${b.id || '(end of chain)'}${b.chainSeq !== null ? ` (position ${b.chainSeq})` : ''}: ${b.reason}; ${report.entries} entries before it verified`);
  }
  return 0;
}
