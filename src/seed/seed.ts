import type { CurrencyCode } from '../domain/money.ts';
import { hashPassword } from '../services/auth-service.ts';
import { inTransaction, type AppContext } from '../services/context.ts';
import type { Insertable } from 'kysely';
import type { Db } from '../store/database.ts';
import type { UsersTable } from '../store/schema.ts';
import { refreshUsageWindows } from '../services/usage-reports/usage-windows.ts';
import { insertChunked, writePortfolio } from './bulk-writer.ts';
import { loadReferenceCatalog } from './catalog-loader.ts';
import { DEMO_CUSTOMERS, DEMO_PARTNERS, DEMO_PASSWORD, DEMO_USERS, type DemoCustomer } from './demo-tenants.ts';
import { emptyPortfolio, generatePortfolio, type CustomerEstate, type GeneratedPortfolio } from './portfolio.ts';
import { seedSubscriptionOwners } from './identity-seed.ts';
import { seedDemoUsage } from './focus-demo.ts';
import { Random } from './random.ts';

export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.store.db.selectFrom('partners').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

export interface SeedReport {
  partners: number;
  users: number;
  customers: number;
  reservations: number;
  utilizationDays: number;
  /** The recent usage imported from a generated FOCUS export (`usageDays` > 0). */
  usage?: { days: number; exportRows: number; rowsImported: number; reservationDays: number; seconds: number };
}

type UserRow = Insertable<UsersTable>;

const HOME_REGIONS: Record<string, string[]> = { KR: ['koreacentral', 'koreasouth'], US: ['eastus', 'westus2'] };
const SUB_NAMES = ['Production', 'Development', 'Analytics', 'Shared services'];
const RG_NAMES = ['rg-web', 'rg-data', 'rg-batch', 'rg-network'];

/**
 * The demo world of the README: partners, their users (password "demo-password"), 24 customers
 * with subscriptions, resource groups and management groups, and their reservation history.
 * With `usageDays` (`npm start` asks for 30), the last days of usage also arrive the
 * real way: a generated FOCUS cost export imported through importUsage (reservation details,
 * utilization, uncovered on-demand usage). Test servers leave it out to start fast.
 * Refuses to run twice on the same database.
 */
export async function seedDemo(ctx: AppContext, options: { reservationsPerCustomer?: number; seed?: number; usageDays?: number } = {}): Promise<SeedReport> {
  if (!(await isEmpty(ctx))) throw new Error('The database already holds data; demo data is loaded only into an empty database.');
  const now = ctx.clock.now();
  const rng = new Random(options.seed ?? 20261127);
  // All demo accounts share one password, so one argon2id hash serves them all.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const portfolio = emptyPortfolio();
  let users = 0;
  await inTransaction(ctx, async (db) => {
    await loadReferenceCatalog(db);
    const at = now.toISOString();
    for (const p of Object.values(DEMO_PARTNERS)) {
      await db.insertInto('partners').values({
        id: p.id, name: p.name, type: p.type, billing_currency: p.currency, country: p.country, created_at: at,
        provider_partner_id: p.type === 'IndirectReseller' ? DEMO_PARTNERS.fabrikam.id : null,
      }).execute();
    }
    const userRows: UserRow[] = DEMO_USERS.map((u) => ({
      id: rng.guid(), email: u.email, display_name: u.name, tenant_type: u.tenant,
      partner_id: u.partner ? DEMO_PARTNERS[u.partner].id : null, customer_id: null,
      roles: JSON.stringify(u.roles), password_hash: passwordHash, disabled: 0, created_at: at,
    }));
    for (const c of DEMO_CUSTOMERS) {
      const estate = await createCustomer(db, rng, c, at);
      userRows.push({
        id: rng.guid(), email: `owner@${c.domain}`, display_name: `${c.name} owner`, tenant_type: 'customer',
        partner_id: null, customer_id: estate.customerId, roles: JSON.stringify(['CustomerUser']), password_hash: passwordHash, disabled: 0, created_at: at,
      });
      generatePortfolio(rng, now, estate, options.reservationsPerCustomer ?? 11, portfolio, { utilizationDays: 90 });
    }
    await insertChunked(db, 'users', userRows);
    users = userRows.length;
    await writePortfolio(db, portfolio);
    await seedSubscriptionOwners(db, at);
  });
  let usage: SeedReport['usage'];
  if (options.usageDays && options.usageDays > 0) {
    const t0 = performance.now();
    const r = await seedDemoUsage(ctx, { days: options.usageDays, seed: options.seed ?? 20261127 });
    usage = { days: options.usageDays, exportRows: r.export.rows, rowsImported: r.import.rowsImported, reservationDays: r.import.touchedReservationDays, seconds: Math.round(performance.now() - t0) / 1000 };
  }
  // The portfolio rollup, once, over everything written above (writePortfolio bypasses the importer).
  await refreshUsageWindows(ctx);
  return {
    partners: Object.keys(DEMO_PARTNERS).length,
    users,
    customers: DEMO_CUSTOMERS.length,
    reservations: portfolio.reservations.length,
    utilizationDays: portfolio.utilization.length,
    ...(usage ? { usage } : {}),
  };
}

async function createCustomer(db: Db, rng: Random, c: DemoCustomer, at: string): Promise<CustomerEstate> {
  const partner = DEMO_PARTNERS[c.partner];
  const id = rng.guid();
  await db.insertInto('customers').values({
    id, partner_id: partner.id, reseller_id: c.reseller ? DEMO_PARTNERS[c.reseller].id : null,
    company_name: c.name, company_name_lower: c.name.toLowerCase(), primary_domain: c.domain, country: c.country,
    customer_may_buy: 0, created_at: at,
  }).execute();
  return createEstate(db, rng, id, partner.id, c.reseller ? DEMO_PARTNERS[c.reseller].id : null, partner.currency, c.name, c.country, at);
}

async function createEstate(db: Db, rng: Random, customerId: string, partnerId: string, resellerId: string | null, currency: CurrencyCode, name: string, country: string, at: string): Promise<CustomerEstate> {
  const planId = rng.guid();
  await db.insertInto('azure_plans').values({ id: planId, customer_id: customerId, created_at: at }).execute();
  const subCount = rng.int(1, 4);
  const subs = Array.from({ length: subCount }, (_, i) => ({
    id: rng.guid(), customer_id: customerId, plan_id: planId, display_name: `${name} ${SUB_NAMES[i]}`,
    // The last of several subscriptions is sometimes disabled, so scope pickers have one to refuse.
    state: subCount > 2 && i === subCount - 1 && rng.chance(0.5) ? 'Disabled' : 'Active', created_at: at,
  }));
  await db.insertInto('subscriptions').values(subs).execute();
  const active = subs.filter((s) => s.state === 'Active');
  const home = HOME_REGIONS[country] ?? ['eastus'];
  const groups = subs.flatMap((s) => RG_NAMES.slice(0, rng.int(2, 3)).map((g) => ({ subscription_id: s.id, name: g, name_lower: g, location: rng.pick(home) })));
  await db.insertInto('resource_groups').values(groups).execute();
  let managementGroupId: string | null = null;
  if (rng.chance(0.4)) {
    managementGroupId = `mg-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || customerId.slice(0, 8)}`;
    await db.insertInto('management_groups').values({ id: managementGroupId, customer_id: customerId, display_name: `${name} root` }).execute();
    await db.insertInto('management_group_subscriptions').values(active.map((s) => ({ management_group_id: managementGroupId!, subscription_id: s.id }))).execute();
  }
  return {
    customerId, partnerId, resellerId, currency,
    subscriptionIds: active.map((s) => s.id),
    resourceGroups: groups.filter((g) => active.some((s) => s.id === g.subscription_id)).map((g) => ({ subscriptionId: g.subscription_id, name: g.name })),
    managementGroupId,
    homeRegions: home,
  };
}

/**
 * Adds `count` customers with about `perCustomer` reservations each to the demo partners, for
 * benchmarks (`resdesk seed --scale N`). Utilization is left out unless `utilizationDays` asks
 * for it (the usage benchmark's portfolio summary reads it): at this size it is the bulk of the
 * database.
 */
export async function seedScale(ctx: AppContext, count: number, perCustomer = 10, onProgress?: (done: number) => void, options: { utilizationDays?: number } = {}): Promise<{ customers: number; reservations: number }> {
  const now = ctx.clock.now();
  const rng = new Random(count * 7919 + 17);
  const at = now.toISOString();
  const partners = [DEMO_PARTNERS.contoso, DEMO_PARTNERS.fabrikam];
  let reservations = 0;
  const BATCH = 250;
  const existing = await ctx.store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const offset = Number(existing.n);
  for (let start = 0; start < count; start += BATCH) {
    const portfolio: GeneratedPortfolio = emptyPortfolio();
    await inTransaction(ctx, async (db) => {
      for (let i = start; i < Math.min(count, start + BATCH); i++) {
        const n = offset + i;
        const partner = partners[i % 2]!;
        const reseller = partner === DEMO_PARTNERS.fabrikam ? (i % 4 === 1 ? DEMO_PARTNERS.northwind.id : DEMO_PARTNERS.tailspin.id) : null;
        const id = rng.guid();
        const name = partner === DEMO_PARTNERS.contoso ? `고객사 ${n}` : `Customer ${n}`;
        await db.insertInto('customers').values({
          id, partner_id: partner.id, reseller_id: reseller, company_name: name, company_name_lower: name.toLowerCase(),
          primary_domain: `customer-${n}-${id.slice(0, 8)}.example`, country: partner.country, customer_may_buy: 0, created_at: at,
        }).execute();
        const estate = await createEstate(db, rng, id, partner.id, reseller, partner.currency, name, partner.country, at);
        generatePortfolio(rng, now, estate, perCustomer, portfolio, { utilizationDays: options.utilizationDays ?? 0 });
      }
      await writePortfolio(db, portfolio, { statements: false });
    });
    reservations += portfolio.reservations.length;
    onProgress?.(Math.min(count, start + BATCH));
  }
  // The portfolio rollup, once at the end rather than per batch.
  await refreshUsageWindows(ctx);
  return { customers: count, reservations };
}
