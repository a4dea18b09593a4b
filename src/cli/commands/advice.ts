import type { ExchangeQuote, Money, PolicyError } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { exchangeQuoteLines, money } from '../money-view.ts';
import { details, plural, printJson, table } from '../output.ts';
import { parseReservationRef } from '../reservation-view.ts';
import { signedInClient } from '../session.ts';

/** GET /v1/reservations/{o}/{r}/exchangeAdvice as the CLI reads it. */
interface ExchangeAdvice {
  reservationOrderId: string;
  reservationId: string;
  skuName: string;
  location: string;
  quantity: number;
  term: string;
  flexibilityGroup: string | null;
  lookBackDays: number;
  observation: { days: number; from: string; to: string; sizingUnits: number; averageUnits: number; currentUnits: number; utilizationPct: number } | null;
  proposals: Array<{
    kind: 'resize' | 'relocate'; skuName: string; location: string; quantity: number; term: string; billingPlan: string; units: number; projectedUtilizationPct: number;
    purchases: Array<{ skuName: string; location: string; quantity: number }>;
    yearlySaving: Money; refund: Money | null; newPurchase: Money; netPayable: Money | null; commitmentRuleMet: boolean | null;
    quote: { quote: { policyErrors: PolicyError[] } } | null; quoteUnavailable?: { code: string; message: string };
    exchangeRequest: unknown;
  }>;
  recommended: number | null;
  note?: string;
}

/** GET /v1/customers/{id}/purchaseRecommendations items. */
interface PurchaseRecommendation {
  subscriptionId: string | null;
  resourceType: string;
  skuName: string;
  region: string;
  quantity: number;
  lookBackPeriod: string;
  hourlyRate: Money;
  terms: Array<{ term: string; reservationCost: Money; onDemandCost: Money; netSavings: Money; breakEvenMonth: number }>;
}

const yesNo = (v: boolean | null) => (v === null ? '?' : v ? 'yes' : 'no');

/**
 * `resdesk advice exchange <orderId>/<reservationId> [--look-back DAYS] [--quote [--proposal N]]`:
 * the exchange advisor's proposals; --quote posts proposal N (default the recommended one) to
 * /v1/exchanges/quote and shows the quote, whose session `resdesk exchange run --session` executes.
 */
export async function runExchange(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'advice exchange', positionals: ['reservationOrderId>/<reservationId'],
    options: { quote: { type: 'boolean' }, proposal: { type: 'string' }, 'look-back': { type: 'string' } },
  });
  const ref = parseReservationRef(args.positional(0));
  if (!ref) throw new UsageError(`advice exchange: "${args.positional(0)}" is neither <reservationOrderId>/<reservationId> nor a reservation resource id`);
  const lookBack = args.int('look-back', 1, 60);
  const client = signedInClient(io);
  const advice = await client.get<ExchangeAdvice>(`/v1/reservations/${encodeURIComponent(ref.orderId)}/${encodeURIComponent(ref.reservationId)}/exchangeAdvice`, lookBack ? { lookBackDays: lookBack } : {});
  const pick = args.int('proposal', 1, 100) ?? (advice.recommended ?? 0) + 1;
  if (args.flag('quote')) {
    const chosen = advice.proposals[pick - 1];
    if (!chosen) throw new UsageError(`advice exchange: there is no proposal ${pick} (${plural(advice.proposals.length, 'proposal')})${advice.note ? `: ${advice.note}` : ''}`);
    const quote = (await client.post<ExchangeQuote>('/v1/exchanges/quote', chosen.exchangeRequest)).body;
    if (args.json) printJson(io, quote);
    else io.out(exchangeQuoteLines(quote).join('\n'));
    return 0;
  }
  if (args.json) {
    printJson(io, advice);
    return 0;
  }
  const o = advice.observation;
  io.out(details([
    ['Reservation', `${advice.reservationOrderId}/${advice.reservationId}`],
    ['Now', `${advice.quantity} × ${advice.skuName} in ${advice.location}, ${advice.term}`],
    ['Flexibility group', advice.flexibilityGroup ?? 'none'],
    ['Observed', o ? `${o.days} days (${o.from} to ${o.to}): ${o.utilizationPct}% used; peak ${o.sizingUnits} of ${o.currentUnits} normalized units, average ${o.averageUnits}` : `no usage in the last ${advice.lookBackDays} days`],
  ]).join('\n'));
  io.out('');
  if (!advice.proposals.length) {
    io.out(advice.note ?? 'No proposal.');
    return 0;
  }
  io.out(table(advice.proposals.map((p, i) => ({ ...p, n: i + 1 })), [
    { header: '#', value: (p) => `${p.n}${p.n - 1 === advice.recommended ? '*' : ''}` },
    { header: 'sku', value: (p) => p.purchases.map((l) => (l.location === advice.location ? l.skuName : `${l.skuName} (${l.location})`)).join(' + ') },
    { header: 'qty', value: (p) => p.purchases.map((l) => l.quantity).join(' + '), align: 'right' },
    { header: 'term', value: (p) => p.term },
    { header: 'projected', value: (p) => `${p.projectedUtilizationPct}%`, align: 'right' },
    { header: 'refund', value: (p) => (p.refund ? money(p.refund) : '-'), align: 'right' },
    { header: 'new purchase', value: (p) => money(p.newPurchase), align: 'right' },
    { header: 'net payable', value: (p) => (p.netPayable ? money(p.netPayable) : '-'), align: 'right' },
    { header: 'commitment met', value: (p) => yesNo(p.commitmentRuleMet) },
    { header: 'yearly saving', value: (p) => money(p.yearlySaving), align: 'right' },
  ]).join('\n'));
  const unavailable = advice.proposals.find((p) => p.quoteUnavailable)?.quoteUnavailable;
  if (unavailable) io.out(`\nNo quotes: ${unavailable.message}`);
  io.out('\n* recommended: the first that meets the commitment rule, else the best fit.');
  io.out('resdesk advice exchange … --quote [--proposal N] quotes one (default: the recommended one). When the');
  io.out('commitment rule is not met, the proposal\'s supportRequest (--json) prefills a support request for the provider.');
  return 0;
}

/** `resdesk advice purchase --customer ID [--look-back 7|30|60] [--scope single|shared]`: GET /v1/customers/{id}/purchaseRecommendations. */
export async function runPurchase(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: 'advice purchase',
    options: { customer: { type: 'string' }, 'look-back': { type: 'string' }, scope: { type: 'string' }, type: { type: 'string' } },
  });
  const customer = args.required('customer').trim();
  const days = args.oneOf('look-back', ['7', '30', '60'] as const) ?? '30';
  const scope = args.oneOf('scope', ['Single', 'Shared'] as const) ?? 'Single';
  const body = await signedInClient(io).get<{ totalCount: number; items: PurchaseRecommendation[] }>(
    `/v1/customers/${encodeURIComponent(customer)}/purchaseRecommendations`,
    { lookBackPeriod: `Last${days}Days`, scope, resourceType: args.string('type') },
  );
  if (args.json) {
    printJson(io, body);
    return 0;
  }
  if (!body.items.length) {
    io.out(`No purchase recommendation from the last ${days} days of on-demand usage.`);
    return 0;
  }
  const rows = body.items.flatMap((r) => r.terms.map((t) => ({ r, t })));
  io.out(table(rows, [
    { header: 'sku', value: ({ r }) => r.skuName },
    { header: 'region', value: ({ r }) => r.region },
    { header: 'subscription', value: ({ r }) => r.subscriptionId ?? 'shared' },
    { header: 'qty', value: ({ r }) => r.quantity, align: 'right' },
    { header: 'term', value: ({ t }) => t.term },
    { header: 'price', value: ({ t }) => money(t.reservationCost), align: 'right' },
    { header: 'on demand', value: ({ t }) => money(t.onDemandCost), align: 'right' },
    { header: 'saving', value: ({ t }) => money(t.netSavings), align: 'right' },
    { header: 'break-even', value: ({ t }) => `month ${t.breakEvenMonth}`, align: 'right' },
  ]).join('\n'));
  io.out(`\n${plural(body.items.length, 'recommendation')}; quantity = the steady base load (fewest instances seen in any hour), savings over the whole term.`);
  return 0;
}
