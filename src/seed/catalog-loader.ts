import { billingPlansFor, type BillingPlan, type Term } from '../domain/catalog.ts';
import { divideHalfEven } from '../domain/money.ts';
import { newId } from '../domain/ids.ts';
import type { Db } from '../store/database.ts';
import { CATALOG_SKUS, CURRENT_PRICE_LIST, KRW_PER_USD, PREVIOUS_PRICE_LIST, REGIONS, REGION_BPS, TERM_HOURS, TERM_PRICE_BPS, type CatalogSku } from './catalog-data.ts';

/** USD cents for one unit over the whole term: hourly × hours × term discount × region × list. */
export function referencePriceUsdCents(sku: CatalogSku, term: Term, region: string, listBps: number): number {
  const micro = BigInt(sku.hourlyMicroUsd) * BigInt(TERM_HOURS[term]) * BigInt(TERM_PRICE_BPS[term]) * BigInt(REGION_BPS[region] ?? 10_000) * BigInt(listBps);
  // micro-dollars → cents is ÷ 10^4; each basis-point factor is ÷ 10^4 as well.
  return Number(divideHalfEven(micro, 10n ** 16n));
}

export const usdCentsToKrw = (cents: number) => Number(divideHalfEven(BigInt(cents) * BigInt(KRW_PER_USD), 100n));

/** Loads the reference SKUs and two price lists (previous and current) in USD and KRW; idempotent. */
export async function loadReferenceCatalog(db: Db): Promise<{ skus: number; prices: number }> {
  const existing = await db.selectFrom('skus').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(existing.n) > 0) return { skus: 0, prices: 0 };
  await db.insertInto('skus').values(CATALOG_SKUS.map((s) => ({
    resource_type: s.type,
    name: s.name,
    title: s.title,
    terms: JSON.stringify(s.terms),
    flex_group: s.flexGroup ?? null,
    flex_ratio: s.flexRatio ?? null,
    properties: JSON.stringify(s.properties ?? {}),
  }))).execute();
  const rows = [];
  for (const sku of CATALOG_SKUS) {
    for (const region of sku.regions ?? REGIONS) {
      for (const term of sku.terms) {
        for (const plan of billingPlansFor(sku.type) as BillingPlan[]) {
          for (const list of [PREVIOUS_PRICE_LIST, CURRENT_PRICE_LIST]) {
            const cents = referencePriceUsdCents(sku, term, region, list.bps);
            for (const [currency, amount] of [['USD', cents], ['KRW', usdCentsToKrw(cents)]] as const) {
              rows.push({
                id: newId(), resource_type: sku.type, sku_name: sku.name, location: region, term, billing_plan: plan,
                currency, amount_minor: amount, effective_from: list.effectiveFrom,
              });
            }
          }
        }
      }
    }
  }
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('prices').values(rows.slice(i, i + 500)).execute();
  return { skus: CATALOG_SKUS.length, prices: rows.length };
}
