import { notFound } from '../domain/errors.ts';
import { normalizeGuid } from '../domain/ids.ts';
import { canSeeCustomer, type Actor } from '../domain/policy.ts';
import { getCustomerById } from '../store/tenancy-queries.ts';
import type { AppContext } from './context.ts';

/** An executed return or exchange, if the caller may see its customer. */
export async function getMoneyTransaction(ctx: AppContext, actor: Actor, id: string): Promise<{ kind: string; quoteId: string | null; result: unknown; origin: string }> {
  const row = await ctx.store.db.selectFrom('money_transactions').selectAll().where('id', '=', normalizeGuid(id)).executeTakeFirst();
  const customer = row ? await getCustomerById(ctx.store.db, row.customer_id) : undefined;
  if (!row || !customer || !canSeeCustomer(actor, customer)) throw notFound('OperationNotFound', `Operation ${id} was not found`);
  return { kind: row.kind, quoteId: row.quote_id, result: JSON.parse(row.result), origin: row.origin };
}
