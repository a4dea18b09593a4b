import { termMonths, type Term } from '../../domain/catalog.ts';
import { addDays, parseUtcDate, utcDate } from '../../domain/dates.ts';
import { DomainError, forbidden } from '../../domain/errors.ts';
import { exactSize, observeDemand, proposeSizes, regionBaseUnits, type DemandObservation } from '../../domain/exchange-advisor.ts';
import { HOURS_PER_YEAR } from '../../domain/purchase-advisor.ts';
import { add, divideHalfEven, money, multiply, prorate, subtract, type CurrencyCode, type Money } from '../../domain/money.ts';
import { decideExchangeAdvice, type Actor } from '../../domain/policy.ts';
import type { Reservation } from '../../domain/reservation.ts';
import { getSku, listSkus, priceAt } from '../../store/catalog-queries.ts';
import { accessFacts, findVisibleReservation, targetOf } from '../access-service.ts';
import type { AppContext } from '../context.ts';
import { calculateExchange, type ExchangeQuoteView, type ExchangeRequest } from '../exchange-flow.ts';
import type { PurchaseInput } from '../purchase-service.ts';

/** The body of POST /v1/exchanges/quote (doors/partner/money-routes.ts exchangeBody) for one proposal. */
export interface ExchangeQuoteBody {
  returns: Array<{ reservationOrderId: string; reservationId: string; quantity: number }>;
  purchases: Array<{ offerId: string; quantity: number; termDuration: Term; billingPlan: 'Upfront' | 'Monthly'; subscriptionId: string; scope: 'shared' | 'single'; friendlyName?: string }>;
}

export interface ExchangeProposal {
  /** `resize`: another size or quantity in the same region; `relocate`: part of it moved to a region where the customer runs the same group on demand. */
  kind: 'resize' | 'relocate';
  /** The first (for `resize` the only) reservation bought. */
  skuName: string;
  location: string;
  quantity: number;
  term: Term;
  billingPlan: 'Upfront' | 'Monthly';
  /** Every reservation bought, with its normalized units. */
  purchases: Array<{ skuName: string; location: string; quantity: number; units: number }>;
  /** Normalized units reserved (quantity × flexibility ratio), all purchases. */
  units: number;
  projectedUtilizationPct: number;
  /**
   * What a year of the reservation costs now minus what a year of the proposal would (prices of
   * the term ÷ its years), plus, for `relocate`, the year of on-demand usage the new region's
   * reservation covers at the rate observed there.
   */
  yearlySaving: Money;
  /** The policy engine's quote for exactly `exchangeRequest` (calculateExchange), or null when the caller may not quote. */
  quote: ExchangeQuoteView | null;
  quoteUnavailable?: { code: string; message: string };
  refund: Money | null;
  newPurchase: Money;
  netPayable: Money | null;
  commitmentRuleMet: boolean | null;
  /** POST it to /v1/exchanges/quote to get (again) a quote that can be executed. */
  exchangeRequest: ExchangeQuoteBody;
  /** POST it to /v1/supportRequests, with the caller's contact information, when the exchange needs the provider. */
  supportRequest: Record<string, unknown>;
}

export interface ExchangeAdvice {
  reservationOrderId: string;
  reservationId: string;
  skuName: string;
  location: string;
  quantity: number;
  term: Term;
  flexibilityGroup: string | null;
  lookBackDays: number;
  observation: DemandObservation | null;
  proposals: ExchangeProposal[];
  /**
   * Index of the proposal to start from: the first whose quote meets the commitment rule (it can
   * be executed as is), else the best fit (0, which then needs a support request); null when none.
   */
  recommended: number | null;
  /** Why there is nothing to propose, when there is not. */
  note?: string;
}

/**
 * Exchange proposals for one reservation: its observed demand, the sizes of its flexibility
 * group that fit it (same type, same region), each quoted by the policy engine; when the best fit
 * at the same term falls short of the commitment rule, the same fit at a longer term; and the
 * best fit plus the steady on-demand load of the same group in another region of the customer.
 *
 * Every proposal is quoted with calculateExchange for exactly its exchangeRequest body, so the
 * figures are the policy engine's (the quote is a session the caller could execute, as any quote).
 */
export async function exchangeAdvice(ctx: AppContext, actor: Actor, orderId: string, reservationId: string, lookBackDays: number): Promise<ExchangeAdvice> {
  const db = ctx.store.db;
  const r = await findVisibleReservation(db, actor, orderId, reservationId);
  const [facts] = await accessFacts(db, actor, [targetOf(r)]);
  const decision = facts ? decideExchangeAdvice(actor, facts) : { allowed: false, reason: 'The customer is unknown.' };
  if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not read this reservation.');

  const now = ctx.clock.now();
  const today = utcDate(now);
  const sku = await getSku(db, r.resourceType, r.skuName);
  const group = sku?.flexGroup ?? null;
  const ratio = sku?.flexRatio ?? 1;
  const rows = await db.selectFrom('utilization_daily').select(['usage_date', 'reserved_hours', 'used_hours', 'max_pct'])
    .where('reservation_id', '=', r.id).where('usage_date', '>=', utcDate(addDays(parseUtcDate(today), -lookBackDays))).where('usage_date', '<', today)
    .execute();
  const observation = observeDemand({ skuName: r.skuName, quantity: r.quantity, flexRatio: ratio },
    rows.map((d) => ({ usageDate: d.usage_date, reservedHours: Number(d.reserved_hours), usedHours: Number(d.used_hours), maxPct: Number(d.max_pct) })));
  const base = { reservationOrderId: r.orderId, reservationId: r.id, skuName: r.skuName, location: r.location, quantity: r.quantity, term: r.term, flexibilityGroup: group, lookBackDays, observation, recommended: null };
  if (r.provisioningState !== 'Succeeded') return { ...base, proposals: [], note: `The reservation is ${r.provisioningState}; only active reservations are exchanged.` };
  if (!observation) return { ...base, proposals: [], note: `No usage data for the last ${lookBackDays} days; import the cost exports first.` };
  if (observation.sizingUnits <= 0) return { ...base, proposals: [], note: 'Nothing used this reservation in the look-back: there is no usage to exchange into; consider returning it.' };

  const order = await db.selectFrom('reservation_orders').select(['currency', 'unit_price_minor']).where('id', '=', r.orderId).executeTakeFirstOrThrow();
  const currency = order.currency as CurrencyCode;
  const sizes = group
    ? (await listSkus(db, r.resourceType)).filter((s) => s.flexGroup === group && s.flexRatio !== null).map((s) => ({ skuName: s.name, flexRatio: s.flexRatio!, terms: s.terms }))
    : [{ skuName: r.skuName, flexRatio: 1, terms: sku?.terms ?? [r.term] }];
  const fits = proposeSizes({ skuName: r.skuName, quantity: r.quantity, flexRatio: ratio }, observation, sizes);
  const currentYearly = prorate(multiply(money(currency, order.unit_price_minor), r.quantity), 12, termMonths(r.term));

  const proposals: ExchangeProposal[] = [];
  for (const fit of fits) {
    const p = await proposal(ctx, actor, r, currency, currentYearly, {
      kind: 'resize', term: r.term, units: fit.units, projectedUtilizationPct: fit.projectedUtilizationPct,
      lines: [{ skuName: fit.skuName, location: r.location, quantity: fit.quantity, units: fit.units }],
    });
    if (p) proposals.push(p);
  }
  // A smaller reservation at the same term usually falls short of the commitment rule (the new
  // lifetime commitment must reach the remaining one); a longer term of the same fit may not.
  const best = proposals[0];
  if (best && best.commitmentRuleMet === false) {
    const terms = sizes.find((s) => s.skuName === best.skuName)?.terms ?? [];
    for (const term of terms.filter((t) => termMonths(t) > termMonths(r.term))) {
      const p = await proposal(ctx, actor, r, currency, currentYearly, { kind: 'resize', term, units: best.units, projectedUtilizationPct: best.projectedUtilizationPct, lines: best.purchases });
      if (p) proposals.push(p);
    }
  }
  proposals.push(...await relocations(ctx, actor, r, currency, currentYearly, observation, sizes, best));
  const executable = proposals.findIndex((p) => p.commitmentRuleMet === true && p.quote?.quote.policyErrors.length === 0);
  const recommended = proposals.length === 0 ? null : executable >= 0 ? executable : 0;
  return { ...base, proposals, recommended, ...(proposals.length ? {} : { note: 'Nothing smaller of the same type fits the observed usage, or it is not sold in this region for this term.' }) };
}

/**
 * Region: where the customer runs the same flexibility group on demand in another region every
 * hour of the look-back, the unused part of the reservation can move there: return it, buy the
 * best fit here and that steady load there, up to the capacity freed (one exchange, so the new
 * commitment adds up).
 */
async function relocations(
  ctx: AppContext, actor: Actor, r: Reservation, currency: CurrencyCode, currentYearly: Money, observation: DemandObservation,
  sizes: ReadonlyArray<{ skuName: string; flexRatio: number }>, here: ExchangeProposal | undefined,
): Promise<ExchangeProposal[]> {
  // Only an under-used reservation gives capacity away; one used in full keeps its place.
  if (!here) return [];
  const ratioOf = new Map(sizes.map((s) => [s.skuName.toLowerCase(), s.flexRatio]));
  const rows = await ctx.store.db.selectFrom('uncovered_usage_daily')
    .select(['region', 'sku_name', 'usage_date', 'min_hourly_instances', 'usage_hours', 'cost_minor', 'currency'])
    .where('customer_id', '=', r.customerId).where('resource_type', '=', r.resourceType).where('region', '!=', r.location)
    .where('usage_date', '>=', observation.from).where('usage_date', '<=', observation.to)
    .execute();
  const byRegion = new Map<string, typeof rows>();
  for (const row of rows) {
    if (!ratioOf.has(row.sku_name.toLowerCase()) || row.currency !== currency) continue;
    let list = byRegion.get(row.region);
    if (!list) byRegion.set(row.region, (list = []));
    list.push(row);
  }
  const windowDates: string[] = [];
  for (let d = parseUtcDate(observation.from); utcDate(d) <= observation.to; d = addDays(d, 1)) windowDates.push(utcDate(d));
  const out: ExchangeProposal[] = [];
  for (const [region, list] of byRegion) {
    // At most the capacity the best fit frees: a move, not a new purchase (purchase-advice covers the rest).
    const freed = Math.floor(observation.currentUnits - here.units);
    const units = Math.min(freed, regionBaseUnits(windowDates, list.map((x) => ({ usageDate: x.usage_date, flexRatio: ratioOf.get(x.sku_name.toLowerCase())!, minHourlyInstances: Number(x.min_hourly_instances) }))));
    const there = exactSize(units, sizes);
    if (!there) continue;
    // The on-demand rate there per normalized unit-hour, and the year of it the new reservation covers.
    const unitHours = list.reduce((sum, x) => sum + Number(x.usage_hours) * ratioOf.get(x.sku_name.toLowerCase())!, 0);
    const cost = list.reduce((sum, x) => sum + Number(x.cost_minor), 0);
    if (unitHours <= 0) continue;
    const avoided = money(currency, Number(divideHalfEven(BigInt(cost) * BigInt(units * HOURS_PER_YEAR) * 1000n, BigInt(Math.round(unitHours * 1000)))));
    const lines = [...here.purchases, { skuName: there.skuName, location: region, quantity: there.quantity, units }];
    const hereUnits = here.units;
    const p = await proposal(ctx, actor, r, currency, currentYearly, {
      kind: 'relocate', term: r.term, units: hereUnits + units,
      projectedUtilizationPct: Math.round(Math.min(100, ((Math.min(observation.averageUnits, hereUnits) + units) / (hereUnits + units)) * 100) * 100) / 100,
      lines, onDemandAvoidedYearly: avoided,
    });
    if (p) out.push(p);
  }
  return out.sort((a, b) => b.yearlySaving.minor - a.yearlySaving.minor);
}

interface ProposalShape {
  kind: ExchangeProposal['kind'];
  term: Term;
  units: number;
  projectedUtilizationPct: number;
  lines: Array<{ skuName: string; location: string; quantity: number; units: number }>;
  onDemandAvoidedYearly?: Money;
}

async function proposal(ctx: AppContext, actor: Actor, r: Reservation, currency: CurrencyCode, currentYearly: Money, shape: ProposalShape): Promise<ExchangeProposal | null> {
  const now = ctx.clock.now();
  let newPurchase = money(currency, 0);
  for (const line of shape.lines) {
    const price = await priceAt(ctx.store.db, { resourceType: r.resourceType, skuName: line.skuName, location: line.location, term: shape.term, billingPlan: r.billingPlan, currency }, now.toISOString());
    if (!price) return null;
    newPurchase = add(newPurchase, multiply(money(currency, price.amountMinor), line.quantity));
  }
  const body = quoteBody(r, shape);
  let quote: ExchangeQuoteView | null = null;
  let quoteUnavailable: ExchangeProposal['quoteUnavailable'];
  try {
    quote = await calculateExchange(ctx, actor, requestOf(body));
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    quoteUnavailable = { code: err.code, message: err.message };
  }
  const first = shape.lines[0]!;
  const yearly = subtract(currentYearly, prorate(newPurchase, 12, termMonths(shape.term)));
  return {
    kind: shape.kind, skuName: first.skuName, location: first.location, quantity: first.quantity, term: shape.term, billingPlan: r.billingPlan,
    purchases: shape.lines, units: shape.units, projectedUtilizationPct: shape.projectedUtilizationPct,
    yearlySaving: shape.onDemandAvoidedYearly ? add(yearly, shape.onDemandAvoidedYearly) : yearly,
    quote, ...(quoteUnavailable ? { quoteUnavailable } : {}),
    refund: quote?.quote.refundsTotal ?? null,
    newPurchase: quote?.quote.purchasesTotal ?? newPurchase,
    netPayable: quote?.quote.netPayable ?? null,
    commitmentRuleMet: quote ? quote.quote.commitmentShortfall.minor === 0 : null,
    exchangeRequest: body,
    supportRequest: supportRequestOf(r, shape, body),
  };
}

function subscriptionOf(billingScopeId: string): string {
  return billingScopeId.replace(/^\/subscriptions\//i, '').split('/')[0]!;
}

/** The whole reservation goes back; the fit is bought in its place, billed and scoped as it was (a line in another region: shared). */
function quoteBody(r: Reservation, shape: ProposalShape): ExchangeQuoteBody {
  const subscriptionId = subscriptionOf(r.billingScopeId);
  // Single scope carries over when it is the billing subscription; any other scope becomes shared
  // (the exchange quote body names one subscription; the new reservation's scope can be changed after).
  const single = r.appliedScopeType === 'Single' && r.appliedScopes.length === 1 && r.appliedScopes[0]!.toLowerCase() === `/subscriptions/${subscriptionId}`.toLowerCase();
  return {
    returns: [{ reservationOrderId: r.orderId, reservationId: r.id, quantity: r.quantity }],
    purchases: shape.lines.map((line) => ({
      offerId: `${r.resourceType}:${line.skuName}:${line.location}`, quantity: line.quantity, termDuration: shape.term, billingPlan: r.billingPlan,
      subscriptionId, scope: single && line.location === r.location ? 'single' as const : 'shared' as const, friendlyName: r.displayName.slice(0, 64),
    })),
  };
}

/** The same request the /v1 door builds from the body (money-routes.ts toExchangeRequest). */
function requestOf(body: ExchangeQuoteBody): ExchangeRequest {
  return {
    returns: body.returns.map((x) => ({ reservationId: `${x.reservationOrderId}/${x.reservationId}`, quantity: x.quantity })),
    purchases: body.purchases.map((p): PurchaseInput => {
      const [type = '', skuName = '', location = ''] = p.offerId.split(':');
      return {
        reservedResourceType: type, skuName, location, billingScopeId: `/subscriptions/${p.subscriptionId}`,
        term: p.termDuration, billingPlan: p.billingPlan, quantity: p.quantity, displayName: p.friendlyName,
        appliedScopeType: p.scope === 'single' ? 'Single' : 'Shared',
        appliedScopes: p.scope === 'single' ? [`/subscriptions/${p.subscriptionId}`] : undefined,
      };
    }),
  };
}

function supportRequestOf(r: Reservation, shape: ProposalShape, body: ExchangeQuoteBody): Record<string, unknown> {
  const bought = shape.lines.map((l) => `${l.quantity} × ${l.skuName} in ${l.location}`).join(' and ');
  return {
    basics: {
      issueType: 'Billing',
      title: `Exchange ${r.quantity} × ${r.skuName} for ${shape.lines.map((l) => `${l.quantity} × ${l.skuName}`).join(' + ')} (${shape.term})`.slice(0, 140),
      description: `Reservation "${r.displayName}" (${r.orderId}/${r.id}) is under-used. Please exchange it for ${bought}, ${shape.term} ${r.billingPlan}, as proposed by the exchange advisor.`,
    },
    problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'minimal' },
    customerId: r.customerId,
    reservationOrderId: r.orderId,
    reservationId: r.id,
    requestedAction: { type: 'exchange', ...body },
  };
}
