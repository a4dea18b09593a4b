import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { openStore, type Store } from '../../src/store/database.ts';
import type { Engine } from '../../src/store/engine.ts';
import { describeEachEngine, TEST_DATABASE_URL } from '../support/engines.ts';
import { assertFailure, assertOk, parseJson, runCli, tempDir, type CliResult } from './cli-runner.ts';

/**
 * A fresh local database for the CLI's operator commands: a temporary DATA_DIR on SQLite, or on
 * PostgreSQL a new schema that DATABASE_URL selects through `options=-c search_path=…`.
 */
interface LocalDb {
  env: Record<string, string>;
  /** Opens the database the CLI wrote to, the way the CLI opens it. */
  open(): Promise<Store>;
  /** Customers counted by schema-qualified name on PostgreSQL (proving where the rows went), else by the store. */
  countCustomers(): Promise<number>;
  drop(): Promise<void>;
}

async function freshDb(engine: Engine): Promise<LocalDb> {
  const dir = tempDir(`local-${engine}`);
  if (engine === 'sqlite') {
    const open = () => openStore({ dataDir: dir });
    return {
      env: { DATA_DIR: dir },
      open,
      countCustomers: () => countWith(open),
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `cli_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = `${TEST_DATABASE_URL}${TEST_DATABASE_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
  return {
    env: { DATA_DIR: dir, DATABASE_URL: url },
    open: () => openStore({ databaseUrl: url, dataDir: dir }),
    async countCustomers() {
      const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.customers`);
      return rows[0].n as number;
    },
    async drop() {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function countWith(open: () => Promise<Store>): Promise<number> {
  const store = await open();
  try {
    const row = await store.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await store.close();
  }
}

const PRICE_CSV = [
  'resourceType,skuName,location,term,billingPlan,currency,unitPrice,effectiveFrom,title',
  'VirtualMachines,Standard_D2s_v5,koreacentral,P1Y,Upfront,USD,812.34,2031-01-01,',
  'VirtualMachines,Standard_D2s_v5,koreacentral,P3Y,Monthly,KRW,1500000,2031-01-01T00:00:00Z,',
  'VirtualMachines,Standard_Z9_v9,eastus,P1Y,Upfront,USD,100.50,2031-02-01,"Reserved VM Instance, Standard_Z9_v9"',
  'NotAType,Foo,eastus,P1Y,Upfront,USD,1.00,2031-01-01,',
  'VirtualMachines,Standard_D4s_v5,eastus,P1Y,Upfront,USD,12.345,2031-01-01,',
  'VirtualMachines,Standard_D4s_v5,eastus,P1Y,Upfront,USD,12.34,someday,',
  '',
].join('\r\n');

describeEachEngine('resdesk seed and prices import on the local database', (engine) => {
  let db: LocalDb;
  let work: string;
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, db.env);

  before(async () => {
    db = await freshDb(engine);
    work = tempDir('csv');
  });
  after(async () => {
    await db?.drop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  test('seed loads the demo data into the empty database, quietly when not on a terminal', async () => {
    const out = parseJson(await cli('seed', '--json'));
    assert.equal(out.database.engine, engine);
    assert.equal(out.demo.customers, 24);
    assert.ok(out.demo.reservations > 100);
    assert.equal(out.scale, null);
    assert.equal(await db.countCustomers(), 24);
  });

  test('seed without --scale refuses a database that holds data', async () => {
    assertFailure(await cli('seed'), 1, /already holds data/);
    assert.equal(await db.countCustomers(), 24);
  });

  test('seed --scale adds customers to a seeded database; --per-customer alone is a usage error', async () => {
    const [scaled, usage] = await Promise.all([cli('seed', '--scale', '2', '--per-customer', '1'), cli('seed', '--per-customer', '3')]);
    assertOk(scaled);
    assert.match(scaled.stdout, /^Added 2 customers with \d+ reservations?\.$/m);
    assert.doesNotMatch(scaled.stdout, /Loaded the demo data/);
    assert.equal(await db.countCustomers(), 26);
    assertFailure(usage, 2, /--per-customer goes with --scale/);
  });

  test('prices import: valid rows land, bad rows are reported by line, exit 1', async () => {
    const file = path.join(work, 'prices.csv');
    fs.writeFileSync(file, PRICE_CSV);
    const r = await cli('prices', 'import', file);
    assertFailure(r, 1, /^resdesk: 3 rows of 6 rejected \(lines 5, 6, 7\); the other rows were imported$/, { stdoutAllowed: true });
    assert.match(r.stdout, /^Read 6 rows from /m);
    assert.match(r.stdout, /^ {2}New prices: +3$/m);
    assert.match(r.stdout, /^ {2}New SKUs: +1$/m);
    assert.match(r.stdout, /^ {2}Rejected rows: +3$/m);
    assert.match(r.stdout, /^ +5 {2}"NotAType" is not a reserved resource type/m);
    assert.match(r.stdout, /^ +6 {2}USD has 2 decimal places; "12\.345" has more$/m);
    assert.match(r.stdout, /^ +7 {2}effectiveFrom "someday" is not a date$/m);

    const store = await db.open();
    try {
      const rows = await store.db.selectFrom('prices').select(['sku_name', 'location', 'term', 'billing_plan', 'currency', 'amount_minor', 'effective_from'])
        .where('effective_from', '>=', '2031-01-01').orderBy('amount_minor').execute();
      assert.deepEqual(rows.map((p) => ({ ...p, amount_minor: Number(p.amount_minor) })), [
        { sku_name: 'Standard_Z9_v9', location: 'eastus', term: 'P1Y', billing_plan: 'Upfront', currency: 'USD', amount_minor: 10050, effective_from: '2031-02-01T00:00:00.000Z' },
        { sku_name: 'Standard_D2s_v5', location: 'koreacentral', term: 'P1Y', billing_plan: 'Upfront', currency: 'USD', amount_minor: 81234, effective_from: '2031-01-01T00:00:00.000Z' },
        { sku_name: 'Standard_D2s_v5', location: 'koreacentral', term: 'P3Y', billing_plan: 'Monthly', currency: 'KRW', amount_minor: 1500000, effective_from: '2031-01-01T00:00:00.000Z' },
      ]);
      const sku = await store.db.selectFrom('skus').select(['title', 'terms']).where('name', '=', 'Standard_Z9_v9').executeTakeFirst();
      assert.equal(sku?.title, 'Reserved VM Instance, Standard_Z9_v9');
    } finally {
      await store.close();
    }

    // The same file again: the prices are replaced, not added; --json gives the report on stdout.
    const again = await cli('prices', 'import', file, '--json');
    assertFailure(again, 1, /3 rows of 6 rejected/, { stdoutAllowed: true });
    const report = JSON.parse(again.stdout);
    assert.deepEqual({ ...report, rejected: report.rejected.map((x: { line: number }) => x.line) }, { rowsRead: 6, imported: 0, updated: 3, skusCreated: 0, rejected: [5, 6, 7] });
  });

  test('prices import: a missing file or column fails on one line', async () => {
    const noColumns = path.join(work, 'bad-header.csv');
    fs.writeFileSync(noColumns, 'resourceType,skuName\nVirtualMachines,Standard_D2s_v5\n');
    const [missing, header, noArg] = await Promise.all([
      cli('prices', 'import', path.join(work, 'nope.csv')),
      cli('prices', 'import', noColumns),
      cli('prices', 'import'),
    ]);
    assertFailure(missing, 1, /nope\.csv: no such file$/);
    assertFailure(header, 1, /lacks the column\(s\) location, term, billingPlan, currency, unitPrice, effectiveFrom/);
    assertFailure(noArg, 2, /^resdesk: prices import: missing <file\.csv>$/);
  });

  test('seed --scale on an empty database loads the demo data first', async () => {
    const other = await freshDb(engine);
    try {
      const out = parseJson(await runCli(['seed', '--scale', '1', '--per-customer', '1', '--json'], other.env));
      assert.equal(out.demo.customers, 24);
      assert.equal(out.scale.customers, 1);
      assert.equal(await other.countCustomers(), 25);
    } finally {
      await other.drop();
    }
  });
});
