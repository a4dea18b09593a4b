import type { Io } from './io.ts';

/** What a command file exports. */
export interface CommandModule {
  run(argv: string[], io: Io): Promise<number>;
}

export interface CommandInfo {
  /** One or two words: "catalog", "customers list". */
  name: string;
  summary: string;
  /** Usage lines shown by `resdesk <command> --help`. */
  usage: string[];
  /** Whether it works on the local database rather than through the server. */
  local?: boolean;
  /** Command modules load on demand, so `resdesk login` does not pay for the database drivers. */
  load(): Promise<CommandModule>;
}

const REMOTE_NOTE = 'Talks to the server you signed in to with resdesk login.';

export const COMMANDS: CommandInfo[] = [
  {
    name: 'serve', summary: 'Run the server (HTTP and HTTPS, Azure and partner APIs, console).', local: true,
    usage: ['resdesk serve', '', 'Settings come from the environment: DATA_DIR, DATABASE_URL, PORT, HTTPS_PORT, HOST, TLS_CERT, TLS_KEY.'],
    load: async () => {
      const { serve } = await import('./serve.ts');
      return {
        run: async (_argv, io) => {
          await serve((line) => io.out(line));
          return 0;
        },
      };
    },
  },
  {
    name: 'seed', summary: 'Load demo data (or N more customers) into the local database.', local: true,
    usage: [
      'resdesk seed [--scale N] [--per-customer M] [--json]',
      '',
      'Without --scale: loads the demo data into an empty database (fails if it holds data).',
      'With --scale N: loads the demo data first if the database is empty, then adds N customers',
      'with about M reservations each (default 10).',
      'The database is the one the server uses: DATABASE_URL, or SQLite under DATA_DIR (default ./data).',
    ],
    load: () => import('./commands/seed.ts'),
  },
  {
    name: 'login', summary: 'Sign in to a server and keep the token.',
    usage: [
      'resdesk login [--server URL] [--email E] [--password P] [--ca FILE] [--json]',
      '',
      'The server defaults to $RESDESK_SERVER or http://localhost:8080. The password comes from',
      '--password, $RESDESK_PASSWORD, or a prompt on the terminal. --ca FILE trusts the certificate',
      'of an HTTPS server with a self-signed certificate.',
      'The token is kept in credentials.json (mode 0600) in $RESDESK_CONFIG_DIR, $XDG_CONFIG_HOME/resdesk',
      'or ~/.config/resdesk.',
    ],
    load: () => import('./commands/login.ts'),
  },
  {
    name: 'logout', summary: 'Revoke the token on the server and forget it.',
    usage: ['resdesk logout [--json]'],
    load: () => import('./commands/logout.ts'),
  },
  {
    name: 'whoami', summary: 'Show who you are signed in as.',
    usage: ['resdesk whoami [--json]', '', REMOTE_NOTE],
    load: () => import('./commands/whoami.ts'),
  },
  {
    name: 'customers list', summary: 'List the customers you can see.',
    usage: ['resdesk customers list [--search S] [--size N] [--offset N] [--json]', '', '--search matches the company name or domain. ' + REMOTE_NOTE],
    load: () => import('./commands/customers-list.ts'),
  },
  {
    name: 'customers show', summary: 'Show one customer with its subscriptions.',
    usage: ['resdesk customers show <customerId> [--json]', '', REMOTE_NOTE],
    load: () => import('./commands/customers-show.ts'),
  },
  {
    name: 'reservations list', summary: 'List reservations, of one customer or all you can see.',
    usage: [
      'resdesk reservations list [--customer ID] [--state S] [--type T] [--expiring-within DAYS]',
      '                          [--filter ODATA] [--size N] [--json]',
      '',
      'With --customer: the customer\'s reservations from the partner API (/v1).',
      'Without: every reservation you can see from the Azure API; --filter takes an OData $filter such as',
      "  \"properties/reservedResourceType eq 'VirtualMachines'\". --size caps the number listed (default 100).",
      REMOTE_NOTE,
    ],
    load: () => import('./commands/reservations-list.ts'),
  },
  {
    name: 'reservations show', summary: 'Show one reservation.',
    usage: [
      'resdesk reservations show <reservationOrderId>/<reservationId> [--json]',
      '',
      'Also takes the Azure resource id /providers/Microsoft.Capacity/reservationOrders/…/reservations/….',
      REMOTE_NOTE,
    ],
    load: () => import('./commands/reservations-show.ts'),
  },
  {
    name: 'catalog', summary: 'List the SKUs on sale with their prices.',
    usage: [
      'resdesk catalog [--type T] [--location L] [--currency C] [--size N] [--offset N] [--json]',
      '',
      'Prices are for one unit over the whole term, in your billing currency unless --currency is given.',
      REMOTE_NOTE,
    ],
    load: () => import('./commands/catalog.ts'),
  },
  {
    name: 'purchase', summary: 'Buy a reservation for a customer.',
    usage: [
      'resdesk purchase --customer ID --subscription SUBID --type T --sku SKU --location L',
      '                 --term P1Y|P3Y|P5Y --plan Upfront|Monthly --quantity N',
      '                 [--name NAME] [--scope shared|single] [--idempotency-key K] [--json]',
      '',
      'The subscription is billed and, with --scope single, the only one the benefit applies to',
      '(default: shared). Repeating a purchase with the same --idempotency-key returns the first order',
      'instead of buying again; without one, a new key is made and printed.',
      REMOTE_NOTE,
    ],
    load: () => import('./commands/purchase.ts'),
  },
  {
    name: 'prices import', summary: 'Import a price list CSV into the local database.', local: true,
    usage: [
      'resdesk prices import <file.csv> [--json]',
      '',
      'Columns: resourceType,skuName,location,term,billingPlan,currency,unitPrice,effectiveFrom',
      'and optionally title,flexGroup,flexRatio (a title adds a SKU that is not in the catalog yet).',
      'Valid rows are imported; rejected rows are listed with their line numbers and the exit status is 1.',
      'Use - as the file to read standard input.',
    ],
    load: () => import('./commands/prices-import.ts'),
  },
  {
    name: 'help', summary: 'Show this help, or the usage of one command.',
    usage: ['resdesk help [command] [--json]'],
    load: () => import('./commands/help.ts'),
  },
];

/** Groups of commands that need a subcommand ("customers" → list, show). */
export function subcommandsOf(word: string): string[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${word} `)).map((c) => c.name.slice(word.length + 1));
}

/** The command the arguments name, and the arguments left for it. */
export function findCommand(argv: string[]): { info: CommandInfo; rest: string[] } | undefined {
  const [first, second] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { info: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  return one ? { info: one, rest: argv.slice(1) } : undefined;
}
