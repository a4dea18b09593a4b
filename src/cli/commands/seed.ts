import { DEMO_PASSWORD, DEMO_USERS } from '../../seed/demo-tenants.ts';
import { isEmpty, seedDemo, seedScale, type SeedReport } from '../../seed/seed.ts';
import { parseCommandArgs } from '../args.ts';
import { CliError, UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { withLocalContext } from '../local-context.ts';
import { details, plural, printJson } from '../output.ts';

/** `resdesk seed [--scale N] [--per-customer M]`: demo data, then optionally N more customers. */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, { command: 'seed', options: { scale: { type: 'string' }, 'per-customer': { type: 'string' } } });
  const scale = args.int('scale', 1, 10_000_000);
  const perCustomer = args.int('per-customer', 1, 1000);
  if (perCustomer !== undefined && scale === undefined) throw new UsageError('seed: --per-customer goes with --scale N');
  const progress = io.stderrIsTTY && !args.json;
  return withLocalContext(io, async (ctx) => {
    const database = { engine: ctx.store.engine, location: ctx.store.location };
    const empty = await isEmpty(ctx);
    if (!empty && scale === undefined) {
      throw new CliError(`the database (${database.engine}: ${database.location}) already holds data; demo data is loaded only into an empty one (resdesk seed --scale N adds customers)`);
    }
    let demo: SeedReport | undefined;
    if (empty) {
      if (progress) io.err('Loading the demo data…');
      demo = await seedDemo(ctx);
      if (progress) io.err('\r\x1b[K');
    }
    let added: { customers: number; reservations: number } | undefined;
    if (scale !== undefined) {
      const onProgress = progress ? (done: number) => io.err(`\r\x1b[KAdding customers: ${done.toLocaleString('en-US')} / ${scale.toLocaleString('en-US')}`) : undefined;
      added = await seedScale(ctx, scale, perCustomer, onProgress);
      if (progress) io.err('\r\x1b[K');
    }
    if (args.json) {
      printJson(io, { database, demo: demo ?? null, scale: added ?? null });
      return 0;
    }
    io.out(`Database: ${database.engine}: ${database.location}`);
    if (demo) {
      io.out('Loaded the demo data:');
      io.out(details([
        ['  Partners', demo.partners], ['  Users', demo.users], ['  Customers', demo.customers],
        ['  Reservations', demo.reservations], ['  Utilization days', demo.utilizationDays],
      ]).join('\n'));
      if (DEMO_USERS[0]) io.out(`Demo accounts use the password ${DEMO_PASSWORD}, e.g. resdesk login --email ${DEMO_USERS[0].email}`);
    }
    if (added) io.out(`Added ${plural(added.customers, 'customer')} with ${plural(added.reservations, 'reservation')}.`);
    return 0;
  });
}
