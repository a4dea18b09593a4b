/**
 * The table of `resdesk` commands: names, summaries and usage, nothing that runs. `help`, `usage`
 * and `main` read it; registry.ts pairs each name with the module that runs it. Keeping the
 * handlers out of this file is what keeps help.ts (a handler that reads the table) out of an
 * import cycle.
 */

export interface CommandInfo {
  /** One or two words: "catalog", "customers list". */
  readonly name: string;
  readonly summary: string;
  /** Usage lines shown by `resdesk <command> --help`: synopsis, a blank line, explanation. */
  readonly usage: readonly string[];
  /** Whether it works on the local database rather than through the server. */
  readonly local?: boolean;
}

const REMOTE_NOTE = 'Talks to the server you signed in to with resdesk login.';
const CONFIRM_NOTE = 'On a terminal it asks before it moves money; --yes skips the question and is required without a terminal.';

export const COMMANDS = [
  {
    name: 'serve', summary: 'Run the server (HTTP and HTTPS, Azure and partner APIs, console).', local: true,
    usage: ['resdesk serve', '', 'Settings come from the environment: DATA_DIR, DATABASE_URL, PORT, HTTPS_PORT, HOST, TLS_CERT, TLS_KEY.'],
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
  },
  {
    name: 'logout', summary: 'Revoke the token on the server and forget it.',
    usage: ['resdesk logout [--json]'],
  },
  {
    name: 'whoami', summary: 'Show who you are signed in as.',
    usage: ['resdesk whoami [--json]', '', REMOTE_NOTE],
  },
  {
    name: 'customers list', summary: 'List the customers you can see.',
    usage: ['resdesk customers list [--search S] [--size N] [--offset N] [--json]', '', '--search matches the company name or domain. ' + REMOTE_NOTE],
  },
  {
    name: 'customers show', summary: 'Show one customer with its subscriptions.',
    usage: ['resdesk customers show <customerId> [--json]', '', REMOTE_NOTE],
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
  },
  {
    name: 'utilization', summary: 'Utilization and unused commitment in money, worst first.',
    usage: [
      'resdesk utilization [--customer ID] [--level reservation|customer|partner] [--days 7|30]',
      '                    [--currency CODE] [--top N] [--size N] [--offset N] [--json]',
      '',
      'Per reservation (default), customer or partner over the last 7 or 30 complete days (default 30):',
      'reserved, used and unused hours, utilization, and the unused commitment = unused hours × the',
      'reservation\'s price for its term ÷ hours in the term, per currency (amounts in different',
      'currencies are never added). --top keeps only the N worst rows.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'reservations show', summary: 'Show one reservation.',
    usage: [
      'resdesk reservations show <reservationOrderId>/<reservationId> [--json]',
      '',
      'Also takes the Azure resource id /providers/Microsoft.Capacity/reservationOrders/…/reservations/….',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'catalog', summary: 'List the SKUs on sale with their prices.',
    usage: [
      'resdesk catalog [--type T] [--location L] [--currency C] [--size N] [--offset N] [--json]',
      '',
      'Prices are for one unit over the whole term, in your billing currency unless --currency is given.',
      REMOTE_NOTE,
    ],
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
  },
  {
    name: 'refund quote', summary: 'Quote the return of units of a reservation (refund, fee, allowance).',
    usage: [
      'resdesk refund quote <reservationOrderId>/<reservationId> --quantity N [--json]',
      '',
      'Shows the prorated refund, the early-termination fee, what the partner is credited, the',
      'customer\'s refund allowance before and after, and every policy error. The quote\'s session id',
      'executes it with resdesk refund run --session while it is valid (15 minutes by default).',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'refund run', summary: 'Return units of a reservation for a refund.',
    usage: [
      'resdesk refund run <reservationOrderId>/<reservationId> --quantity N [--reason R]',
      '                   [--session ID] [--yes] [--idempotency-key K] [--json]',
      '',
      'Without --session it quotes first and shows the quote; with --session it executes that quote',
      '(same reservation and quantity). A quote with policy errors is refused with them.',
      CONFIRM_NOTE,
      'The request carries an Idempotency-Key (the one given, or a new one that is printed); to retry',
      'safely, repeat it with the same --session and --idempotency-key.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'exchange quote', summary: 'Quote an exchange of reservations for new ones.',
    usage: [
      'resdesk exchange quote --return <orderId>/<reservationId>:<qty> [--return …]',
      '                       --buy <type>:<sku>:<location>:<qty>:<term>:<plan> [--buy …]',
      '                       --subscription SUBID [--scope shared|single] [--name NAME] [--json]',
      '',
      'Each --return names units of a reservation to give back, each --buy a reservation to buy in',
      'their place, e.g. --buy VirtualMachines:Standard_D4s_v5:koreacentral:2:P3Y:Upfront. The new',
      'reservations are billed to --subscription and apply shared (default) or to it alone.',
      'Shows the refunds, the purchases, the net payable, the commitment rule and every policy error;',
      'the session id executes it with resdesk exchange run --session.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'exchange run', summary: 'Exchange reservations for new ones.',
    usage: [
      'resdesk exchange run (--return … --buy … --subscription SUBID [--scope S] [--name NAME] | --session ID)',
      '                     [--yes] [--idempotency-key K] [--json]',
      '',
      'With the options of resdesk exchange quote it quotes first and shows the quote; with --session',
      'it executes that quote. A quote with policy errors is refused with them.',
      CONFIRM_NOTE,
      'The request carries an Idempotency-Key (the one given, or a new one that is printed); to retry',
      'safely, repeat it with the same --session and --idempotency-key.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'requests list', summary: 'List support requests, soonest due first.',
    usage: [
      'resdesk requests list [--status S] [--severity minimal|moderate|critical] [--customer ID]',
      '                      [--reservation <orderId>/<reservationId>] [--overdue] [--size N] [--offset N] [--json]',
      '',
      'Statuses: Open, InProgress, WaitingForPartner, Resolved, Rejected, Closed. --overdue lists the',
      'open requests past their due time. --reservation also takes a bare reservation id.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'requests show', summary: 'Show one support request with its message thread.',
    usage: ['resdesk requests show <requestId> [--json]', '', REMOTE_NOTE],
  },
  {
    name: 'requests create', summary: 'Raise a support request, optionally asking for a return or an exchange.',
    usage: [
      'resdesk requests create (--customer ID | --reservation <orderId>/<reservationId>)',
      '                        --title T --description D --severity minimal|moderate|critical',
      '                        --first-name F --last-name L --email E [--additional-email E …]',
      '                        --contact-method email|phone [--phone P] --time-zone TZ --language LL-CC',
      '                        --country ISO3 [--issue-type Billing|Technical|SubscriptionManagement]',
      '                        [--problem-type ReservationManagement|RefundRequest|BillingInquiry]',
      '                        [--category ExchangeAndRefund|ChangeScope|Other]',
      '                        [--return-quantity N [--return-reason R]]',
      '                        [--exchange-return <orderId>/<reservationId>:<qty> … --exchange-buy <offer>:<qty>:<term>:<plan> …',
      '                         --exchange-subscription SUBID [--exchange-scope shared|single]] [--json]',
      '',
      'Defaults: --issue-type Billing, --problem-type ReservationManagement, --category ExchangeAndRefund.',
      'A phone number is required with --contact-method phone or --severity critical. The time zone is',
      'an IANA name (Asia/Seoul), the language a tag (ko-KR), the country ISO 3166-1 alpha-3 (KOR).',
      '--return-quantity asks the provider desk to return units of the --reservation (with',
      '--return-reason); the --exchange-… options ask for an exchange, written as for resdesk exchange quote.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'requests message', summary: 'Add a message to a support request\'s thread.',
    usage: [
      'resdesk requests message <requestId> <text> [--await-partner] [--json]',
      '',
      '--await-partner (provider desk only) sets the request to wait for the partner.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'requests approve', summary: 'Approve a support request (provider desk): run its return or exchange.',
    usage: [
      'resdesk requests approve <requestId> [--json]',
      '',
      'The requested return or exchange runs under a fresh quote. When the policy now refuses it, nothing',
      'is executed, the request stays open with the reason, and the exit status is 1.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'requests reject', summary: 'Reject a support request with a reason (provider desk).',
    usage: ['resdesk requests reject <requestId> --reason R [--json]', '', REMOTE_NOTE],
  },
  {
    name: 'requests close', summary: 'Close a support request (the partner that raised it).',
    usage: ['resdesk requests close <requestId> [--json]', '', REMOTE_NOTE],
  },
  {
    name: 'allowance', summary: 'Show a customer\'s refund allowance over the rolling window.',
    usage: [
      'resdesk allowance <customerId> [--json]',
      '',
      'The limit, what returns consumed and what remains, with each consumption and the day it is released.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'credits', summary: 'Show the partner\'s credit balance and ledger.',
    usage: [
      'resdesk credits [--size N] [--offset N] [--json]',
      '',
      'The balance per currency and the entries, newest first: refund credits, exchange refunds and charges.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'invoices', summary: 'Show the partner\'s statements per month and currency.',
    usage: [
      'resdesk invoices [--period YYYY-MM] [--customer ID] [--json]',
      '',
      'Each statement with its lines: purchases, refunds and both sides of each exchange.',
      REMOTE_NOTE,
    ],
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
  },
  {
    name: 'import usage', summary: 'Import cost exports (FOCUS) or reservation details into the local database.', local: true,
    usage: [
      'resdesk import usage <file or folder> [--json]',
      '',
      'Reads a Cost Management FOCUS export (FocusCost 1.0 or 1.2-preview; CSV, gzip-compressed or not; a folder',
      'of export files is read whole, manifest left aside) or Consumption reservation details (JSON or CSV),',
      'and updates the reservations\' daily utilization, per-instance details and uncovered on-demand usage.',
      'Runs against the local database (DATA_DIR / DATABASE_URL) like `prices import`, streaming the files from',
      'disk whatever their size; to import through a server, upload with POST /v1/usageImports instead.',
      'Importing the same data again never counts it twice. Rejected rows are listed with their line numbers',
      'and the exit status is 1; rows of unknown reservations are reported with their counts.',
    ],
  },
  {
    name: 'audit verify', summary: 'Check the audit log hash chain of the local database.', local: true,
    usage: [
      'resdesk audit verify [--json]',
      '',
      'Walks every audit entry in chain order and checks its hash and the link to the one before.',
      'Exits 1 and names the first broken entry when an entry was changed, removed or reordered.',
    ],
  },
  {
    name: 'help', summary: 'Show this help, or the usage of one command.',
    usage: ['resdesk help [command] [--json]'],
  },
  {
    name: 'reservations update', summary: 'Change a reservation\'s scope, name, renewal or instance flexibility.',
    usage: [
      'resdesk reservations update <ref> [--name NAME] [--scope shared|single|managementgroup --scope-id ID]',
      '                                  [--renew on|off] [--flexibility on|off] [--json]',
      '',
      '--scope-id is /subscriptions/{id}, /subscriptions/{id}/resourceGroups/{name} (single) or',
      '/providers/Microsoft.Management/managementGroups/{id}. A refused change changes nothing.',
      '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE,
    ],
  },
  {
    name: 'reservations split', summary: 'Split a reservation into two or more.',
    usage: ['resdesk reservations split <ref> --quantities A,B[,C…] [--json]', '', 'The quantities add up to the reservation\'s; splitting cancels its renewal.', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'reservations merge', summary: 'Merge like reservations of one order into one.',
    usage: ['resdesk reservations merge <ref> <ref> [<ref>…] [--json]', '', 'Same order, SKU, region, term and plan, all active; merging cancels their renewal.', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'reservations archive', summary: 'Archive a cancelled, expired or failed reservation.',
    usage: ['resdesk reservations archive <ref> [--json]', '', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'reservations unarchive', summary: 'Restore an archived reservation.',
    usage: ['resdesk reservations unarchive <ref> [--json]', '', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'reservations revisions', summary: 'List the revisions of a reservation, newest first.',
    usage: ['resdesk reservations revisions <ref> [--json]', '', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'reservations scopes', summary: 'List the scopes a reservation could apply to, and why not.',
    usage: ['resdesk reservations scopes <ref> [--json]', '', 'Every subscription, resource group and management group of the customer.', '<ref> is <reservationOrderId>/<reservationId> or the Azure resource id of the reservation.', REMOTE_NOTE],
  },
  {
    name: 'access list', summary: 'List role assignments on an order, a reservation or a subscription.',
    usage: ['resdesk access list --order ORDER_ID | --reservation <ref> | --subscription SUB_ID [--json]', '', 'A reservation also lists what it inherits from its order.', REMOTE_NOTE],
  },
  {
    name: 'access add', summary: 'Grant a built-in role to a user or group.',
    usage: [
      'resdesk access add --order ORDER_ID | --reservation <ref> | --subscription SUB_ID',
      '                   --role ROLE --principal USER_OR_GROUP_ID [--json]',
      '',
      'ROLE: Owner, Contributor, Reader, "Reservations Administrator", "Reservations Contributor",',
      '"Reservations Reader", "Reservation Purchaser" (subscriptions only), or a role definition id.',
      'A role on a subscription gives a partner sales or helpdesk agent explicit access to that customer.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'access remove', summary: 'Remove a role assignment.',
    usage: ['resdesk access remove <assignmentId> --order ORDER_ID | --reservation <ref> | --subscription SUB_ID [--json]', '', 'The last Owner of an order cannot be removed.', REMOTE_NOTE],
  },
  {
    name: 'advice exchange', summary: 'Exchanges that fit an under-used reservation, each with its quote.',
    usage: [
      'resdesk advice exchange <reservationOrderId>/<reservationId> [--look-back DAYS] [--quote [--proposal N]] [--json]',
      '',
      'Sizes of the same type and region that fit the usage observed over the look-back (default 30',
      'days; instance size flexibility ratios), each with the exchange quote of the policy engine: refund,',
      'new purchase, net payable, commitment rule, projected utilization and yearly saving.',
      '--quote quotes proposal N (default the recommended one, marked *) through POST /v1/exchanges/quote;',
      'its session id executes it',
      'with resdesk exchange run --session. --json shows each proposal\'s prefilled supportRequest too.',
      REMOTE_NOTE,
    ],
  },
  {
    name: 'advice purchase', summary: 'Reservations worth buying from a customer\'s on-demand usage.',
    usage: [
      'resdesk advice purchase --customer ID [--look-back 7|30|60] [--scope single|shared] [--type T] [--json]',
      '',
      'From usage no reservation covered: SKU, region, quantity (the steady base load over the look-back,',
      'default 30 days), and for 1 and 3 years the price, the on-demand cost, the saving and the month',
      'the reservation breaks even. --scope shared adds up the customer\'s subscriptions.',
      REMOTE_NOTE,
    ],
  },
] as const satisfies readonly CommandInfo[];

export type CommandName = (typeof COMMANDS)[number]['name'];

/** Groups of commands that need a subcommand ("customers" → list, show). */
export function subcommandsOf(word: string): string[] {
  return COMMANDS.filter((c) => c.name.startsWith(`${word} `)).map((c) => c.name.slice(word.length + 1));
}

/** The command the arguments name, and the arguments left for it. */
export function findCommand(argv: string[]): { info: CommandInfo & { name: CommandName }; rest: string[] } | undefined {
  const [first, second] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { info: two, rest: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  return one ? { info: one, rest: argv.slice(1) } : undefined;
}
