import { z } from 'zod';
import { RESERVED_RESOURCE_TYPES } from '../domain/catalog.ts';
import { forbidden } from '../domain/errors.ts';
import type { Actor } from '../domain/policy.ts';
import { DEFAULT_MONEY_POLICY, type MoneyPolicy } from '../domain/policy-settings.ts';
import { CURRENCIES } from '../domain/money.ts';
import type { Db } from '../store/database.ts';
import { recordAudit } from './audit.ts';
import { inTransaction, type AppContext } from './context.ts';

/** The partner's money policy: stored overrides on top of the documented defaults. */
export async function moneyPolicyOf(db: Db, partnerId: string): Promise<MoneyPolicy> {
  const row = await db.selectFrom('partner_settings').select('money_policy').where('partner_id', '=', partnerId).executeTakeFirst();
  return row ? { ...DEFAULT_MONEY_POLICY, ...(JSON.parse(row.money_policy) as Partial<MoneyPolicy>) } : DEFAULT_MONEY_POLICY;
}

const type = z.enum(RESERVED_RESOURCE_TYPES);
const rate = z.string().regex(/^\d{1,9}(\.\d{1,8})?$/, 'a positive decimal, units of the currency per US dollar');

/** What a global admin may change; every field optional, unknown fields refused. */
export const moneyPolicyPatch = z.strictObject({
  refundCapUsdCents: z.number().int().min(0).max(1_000_000_000_00).optional(),
  refundWindowDays: z.number().int().min(1).max(3650).optional(),
  earlyTerminationFeeBps: z.number().int().min(0).max(10_000).optional(),
  nonRefundableTypes: z.array(type).max(RESERVED_RESOURCE_TYPES.length).optional(),
  exchangeGroups: z.record(z.string().min(1).max(40), z.array(type).min(1)).optional(),
  exchangeCutoffDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
  exchangeCutoffTypes: z.array(type).optional(),
  quoteLifetimeMinutes: z.number().int().min(1).max(24 * 60).optional(),
  usdRates: z.partialRecord(z.enum(CURRENCIES as [string, ...string[]]), rate).optional(),
  lowUtilizationThresholdPct: z.number().min(0).max(100).optional(),
  lowUtilizationLookBackDays: z.number().int().min(1).max(60).optional(),
  noUsageDays: z.number().int().min(1).max(60).optional(),
});
export type MoneyPolicyPatch = z.infer<typeof moneyPolicyPatch>;

function mayChangeSettings(actor: Actor): boolean {
  return actor.kind === 'partner' && actor.partnerType !== 'IndirectReseller' && actor.roles.includes('GlobalAdmin');
}

export async function readMoneyPolicy(ctx: AppContext, actor: Actor): Promise<{ policy: MoneyPolicy; defaults: MoneyPolicy; canChange: boolean }> {
  if (actor.kind !== 'partner') throw forbidden('AuthorizationFailed', 'Policy settings belong to a partner; sign in as a partner user.');
  return { policy: await moneyPolicyOf(ctx.store.db, actor.partnerId), defaults: DEFAULT_MONEY_POLICY, canChange: mayChangeSettings(actor) };
}

export async function changeMoneyPolicy(ctx: AppContext, actor: Actor, patch: MoneyPolicyPatch): Promise<MoneyPolicy> {
  if (actor.kind !== 'partner' || !mayChangeSettings(actor)) {
    throw forbidden('AuthorizationFailed', 'Only a global admin of the partner can change its policy settings.');
  }
  return inTransaction(ctx, async (db) => {
    const before = await moneyPolicyOf(db, actor.partnerId);
    const after: MoneyPolicy = { ...before, ...patch } as MoneyPolicy;
    const overrides = JSON.stringify(diffFromDefaults(after));
    const now = ctx.clock.now().toISOString();
    const exists = await db.selectFrom('partner_settings').select('partner_id').where('partner_id', '=', actor.partnerId).executeTakeFirst();
    if (exists) await db.updateTable('partner_settings').set({ money_policy: overrides, updated_at: now, updated_by: actor.userId }).where('partner_id', '=', actor.partnerId).execute();
    else await db.insertInto('partner_settings').values({ partner_id: actor.partnerId, money_policy: overrides, updated_at: now, updated_by: actor.userId }).execute();
    await recordAudit(db, actor, ctx.clock.now(), { action: 'settings.moneyPolicy.update', targetType: 'partnerSettings', targetId: actor.partnerId, partnerId: actor.partnerId, before, after });
    return after;
  });
}

function diffFromDefaults(p: MoneyPolicy): Partial<MoneyPolicy> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (JSON.stringify(v) !== JSON.stringify(DEFAULT_MONEY_POLICY[k as keyof MoneyPolicy])) out[k] = v;
  }
  return out as Partial<MoneyPolicy>;
}
