import { forbidden } from '../domain/errors.ts';
import { isCurrency, money, type CurrencyCode, type Money } from '../domain/money.ts';
import { decideBillingRead, type Actor } from '../domain/policy.ts';
import { allowanceOf, type Allowance } from '../domain/refund-cap.ts';
import { capEntriesOf } from '../store/money-queries.ts';
import { getPartner } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';
import { requireCustomer } from './customer-service.ts';
import { moneyPolicyOf } from './settings-service.ts';

function requireBillingReader(actor: Actor): asserts actor is Extract<Actor, { kind: 'partner' }> {
  const d = decideBillingRead(actor);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason!);
}

export interface CreditsView {
  balances: Money[];
  entries: Array<{ id: string; createdAt: string; kind: string; amount: Money; customerId: string | null; transactionId: string; description: string }>;
  total: number;
}

/** The partner's credit ledger: balance per currency and the entries, newest first. */
export async function partnerCredits(ctx: AppContext, actor: Actor, limit: number, offset: number): Promise<CreditsView> {
  requireBillingReader(actor);
  const db = ctx.store.db;
  const [balances, rows, count] = await Promise.all([
    db.selectFrom('credit_entries').select(['currency', (eb) => eb.fn.sum<number>('amount_minor').as('total')]).where('partner_id', '=', actor.partnerId).groupBy('currency').execute(),
    db.selectFrom('credit_entries').selectAll().where('partner_id', '=', actor.partnerId).orderBy('created_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    db.selectFrom('credit_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('partner_id', '=', actor.partnerId).executeTakeFirstOrThrow(),
  ]);
  return {
    balances: balances.map((b) => money(b.currency as CurrencyCode, Number(b.total))),
    entries: rows.map((r) => ({ id: r.id, createdAt: r.created_at, kind: r.kind, amount: money(r.currency as CurrencyCode, r.amount_minor), customerId: r.customer_id, transactionId: r.transaction_id, description: r.description })),
    total: Number(count.n),
  };
}

export interface Statement {
  period: string;
  currency: CurrencyCode;
  total: Money;
  lines: Array<{ id: string; createdAt: string; kind: string; amount: Money; customerId: string; transactionId: string; reservationOrderId: string | null; reservationId: string | null; description: string }>;
}

/** Statements per month and currency with their lines (purchases, refunds, both sides of exchanges). */
export async function partnerStatements(ctx: AppContext, actor: Actor, period?: string, customerId?: string): Promise<Statement[]> {
  requireBillingReader(actor);
  let q = ctx.store.db.selectFrom('statement_lines').selectAll().where('partner_id', '=', actor.partnerId);
  if (period) q = q.where('period', '=', period);
  if (customerId) q = q.where('customer_id', '=', customerId.toLowerCase());
  const rows = await q.orderBy('period', 'desc').orderBy('created_at').orderBy('id').limit(5000).execute();
  const byKey = new Map<string, Statement>();
  for (const r of rows) {
    const currency = r.currency as CurrencyCode;
    const key = `${r.period}|${currency}`;
    let s = byKey.get(key);
    if (!s) byKey.set(key, (s = { period: r.period, currency, total: money(currency, 0), lines: [] }));
    s.lines.push({ id: r.id, createdAt: r.created_at, kind: r.kind, amount: money(currency, r.amount_minor), customerId: r.customer_id, transactionId: r.transaction_id, reservationOrderId: r.reservation_order_id, reservationId: r.reservation_id, description: r.description });
    s.total = money(currency, s.total.minor + r.amount_minor);
  }
  return [...byKey.values()];
}

/** The customer's refund allowance: limit, consumed, remaining and the entries with their release dates. */
export async function refundAllowance(ctx: AppContext, actor: Actor, customerId: string): Promise<Allowance & { windowDays: number }> {
  const customer = await requireCustomer(ctx, actor, customerId);
  const partner = await getPartner(ctx.store.db, customer.partnerId);
  const policy = await moneyPolicyOf(ctx.store.db, customer.partnerId);
  const currency = partner && isCurrency(partner.billingCurrency) ? partner.billingCurrency : 'USD';
  const now = ctx.clock.now();
  return { ...allowanceOf(policy, currency, await capEntriesOf(ctx.store.db, customer.id, now), now), windowDays: policy.refundWindowDays };
}
