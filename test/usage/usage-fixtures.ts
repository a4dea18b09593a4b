import type { AppContext } from '../../src/services/context.ts';
import { refreshUsageWindows } from '../../src/services/usage-reports/usage-windows.ts';

/** Test data for the usage reports, written straight into the tables the importer fills (issue 7 contract). */

export const CONTOSO_ID = '6a1f3c52-8d2b-4e57-9a0c-1b2c3d4e5f60';
export const FABRIKAM_ID = '7b2e4d63-9e3c-4f68-8b1d-2c3d4e5f6071';

export interface PickedReservation {
  id: string;
  orderId: string;
  customerId: string;
  quantity: number;
  skuName: string;
}

/** The n-th Succeeded reservation of a partner, by id (deterministic within a seeded world). */
export async function pickReservation(ctx: AppContext, partnerId: string, n = 0): Promise<PickedReservation> {
  const rows = await ctx.store.db.selectFrom('reservations')
    .select(['id', 'order_id', 'customer_id', 'quantity', 'sku_name'])
    .where('partner_id', '=', partnerId).where('provisioning_state', '=', 'Succeeded')
    .orderBy('id').limit(n + 1).offset(0).execute();
  const r = rows[n];
  if (!r) throw new Error(`no Succeeded reservation #${n} for partner ${partnerId}`);
  return { id: r.id, orderId: r.order_id, customerId: r.customer_id, quantity: Number(r.quantity), skuName: r.sku_name };
}

export interface Day {
  date: string;
  reserved: number;
  used: number;
  min?: number;
  avg?: number;
  max?: number;
}

/**
 * Replaces a reservation's daily utilization with the given days, then refreshes the portfolio
 * rollup as every writer of daily rows must (all of it: callers also write daily rows directly).
 */
export async function setDays(ctx: AppContext, reservationId: string, days: readonly Day[]): Promise<void> {
  await ctx.store.db.deleteFrom('utilization_daily').where('reservation_id', '=', reservationId).execute();
  if (days.length) {
    await ctx.store.db.insertInto('utilization_daily').values(days.map((d) => {
      const avg = d.avg ?? (d.reserved > 0 ? (d.used / d.reserved) * 100 : 0);
      return { reservation_id: reservationId, usage_date: d.date, reserved_hours: d.reserved, used_hours: d.used, min_pct: d.min ?? avg, avg_pct: avg, max_pct: d.max ?? avg };
    })).execute();
  }
  await refreshUsageWindows(ctx);
}

/** Consecutive dates from `first`, `count` of them. */
export function dates(first: string, count: number): string[] {
  const out: string[] = [];
  const start = Date.parse(`${first}T00:00:00Z`);
  for (let i = 0; i < count; i++) out.push(new Date(start + i * 86_400_000).toISOString().slice(0, 10));
  return out;
}
