import type { CommandName } from './command-table.ts';
import type { Io } from './io.ts';

/** What a command file exports. */
export interface CommandModule {
  run(argv: string[], io: Io): Promise<number>;
}

/**
 * The module that runs each command of the table in command-table.ts (which help and usage read).
 * Modules load on demand, so `resdesk login` does not pay for the database drivers. The record's
 * type makes the compiler insist on one loader per command, no more, no less.
 */
const LOADERS: Record<CommandName, () => Promise<CommandModule>> = {
  serve: async () => {
    const { serve } = await import('./serve.ts');
    return {
      run: async (_argv, io) => {
        await serve((line) => io.out(line));
        return 0;
      },
    };
  },
  seed: () => import('./commands/seed.ts'),
  login: () => import('./commands/login.ts'),
  logout: () => import('./commands/logout.ts'),
  whoami: () => import('./commands/whoami.ts'),
  'customers list': () => import('./commands/customers-list.ts'),
  'customers show': () => import('./commands/customers-show.ts'),
  'reservations list': () => import('./commands/reservations-list.ts'),
  'reservations show': () => import('./commands/reservations-show.ts'),
  utilization: () => import('./commands/utilization.ts'),
  catalog: () => import('./commands/catalog.ts'),
  purchase: () => import('./commands/purchase.ts'),
  'refund quote': () => import('./commands/refund-quote.ts'),
  'refund run': () => import('./commands/refund-run.ts'),
  'exchange quote': () => import('./commands/exchange-quote.ts'),
  'exchange run': () => import('./commands/exchange-run.ts'),
  'requests list': () => import('./commands/requests-list.ts'),
  'requests show': () => import('./commands/requests-show.ts'),
  'requests create': () => import('./commands/requests-create.ts'),
  'requests message': () => import('./commands/requests-message.ts'),
  'requests approve': () => import('./commands/requests-approve.ts'),
  'requests reject': () => import('./commands/requests-reject.ts'),
  'requests close': () => import('./commands/requests-close.ts'),
  allowance: () => import('./commands/allowance.ts'),
  credits: () => import('./commands/credits.ts'),
  invoices: () => import('./commands/invoices.ts'),
  'prices import': () => import('./commands/prices-import.ts'),
  'import usage': () => import('./commands/import-usage.ts'),
  'audit verify': () => import('./commands/audit-verify.ts'),
  help: () => import('./commands/help.ts'),
  'reservations update': () => import('./commands/reservations-update.ts'),
  'reservations split': () => import('./commands/reservations-split.ts'),
  'reservations merge': () => import('./commands/reservations-merge.ts'),
  'reservations archive': () => import('./commands/reservations-archive.ts'),
  'reservations unarchive': () => import('./commands/reservations-unarchive.ts'),
  'reservations revisions': () => import('./commands/reservations-revisions.ts'),
  'reservations scopes': () => import('./commands/reservations-scopes.ts'),
  'access list': () => import('./commands/access-list.ts'),
  'access add': () => import('./commands/access-add.ts'),
  'access remove': () => import('./commands/access-remove.ts'),
  'advice exchange': async () => ({ run: (await import('./commands/advice.ts')).runExchange }),
  'advice purchase': async () => ({ run: (await import('./commands/advice.ts')).runPurchase }),
};

/** Loads the module that runs the named command. */
export function loadCommand(name: CommandName): Promise<CommandModule> {
  return LOADERS[name]();
}
