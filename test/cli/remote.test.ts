import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { describeEachEngine } from '../support/engines.ts';
import { ADMIN_AGENT, startTestServer, type TestServer } from '../support/test-server.ts';
import { assertFailure, assertOk, parseJson, runCli, tempDir, type CliResult } from './cli-runner.ts';

/** The CLI's server commands, spawned as real processes against the in-process server. */
describeEachEngine('resdesk server commands', (engine) => {
  let server: TestServer;
  let home: string;
  /** The signed-in user's config folder; created by `login`, so its mode is the CLI's doing. */
  let configDir: string;
  let apiToken: string;
  let customer: { id: string; name: string; subscriptions: Array<{ id: string; friendlyName: string; status: string }> };
  const cli = (...args: string[]): Promise<CliResult> => runCli(args, { RESDESK_CONFIG_DIR: configDir, DATA_DIR: path.join(home, 'data') });

  before(async () => {
    server = await startTestServer(engine);
    home = tempDir('remote');
    configDir = path.join(home, 'config', 'resdesk');
    apiToken = await server.token(ADMIN_AGENT);
    const list = await server.call('GET', '/v1/customers?search=hanbit', { token: apiToken });
    const c = list.body.items[0];
    const subs = await server.call('GET', `/v1/customers/${c.id}/subscriptions`, { token: apiToken });
    customer = { id: c.id, name: c.companyProfile.companyName, subscriptions: subs.body.items };
  });
  after(async () => {
    await server?.close();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  test('login keeps a working token in a file only the user can read', async () => {
    const r = await cli('login', '--server', server.httpUrl, '--email', ADMIN_AGENT, '--password', 'demo-password');
    assertOk(r);
    assert.match(r.stdout, /Signed in to .* as .*admin\.agent@contoso-kr\.example/);
    const file = path.join(configDir, 'credentials.json');
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'credentials.json is 0600');
    assert.equal(fs.statSync(configDir).mode & 0o777, 0o700, 'the config folder is 0700');
    const creds = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal(creds.server, server.httpUrl);
    assert.equal(creds.email, ADMIN_AGENT);
    assert.ok(Date.parse(creds.expiresAt) > Date.now(), `expiresAt ${creds.expiresAt} lies ahead`);
    assert.equal(creds.ca, undefined);
    const me = await server.call('GET', '/v1/me', { token: creds.token });
    assert.equal(me.status, 200);
    assert.match(me.body.name, /admin\.agent@contoso-kr\.example/);
  });

  test('a wrong password fails with exit 1, the server error on one line, and stores nothing', async () => {
    const elsewhere = tempDir('wrong-password');
    try {
      const r = await runCli(['login', '--server', server.httpUrl, '--email', ADMIN_AGENT], { RESDESK_CONFIG_DIR: elsewhere, RESDESK_PASSWORD: 'not-the-password' });
      assertFailure(r, 1, /^resdesk: InvalidCredentials: The e-mail address or password is not correct\.$/);
      assert.deepEqual(fs.readdirSync(elsewhere), []);
    } finally {
      fs.rmSync(elsewhere, { recursive: true, force: true });
    }
  });

  test('customers list: --json gives what the API gives; the table has a row per customer', async () => {
    const [json, text, searched] = await Promise.all([
      cli('customers', 'list', '--json', '--size', '100'),
      cli('customers', 'list', '--size', '3', '--offset', '1'),
      cli('customers', 'list', '--search', 'hanbit', '--json'),
    ]);
    const api = await server.call('GET', '/v1/customers?size=100', { token: apiToken });
    const out = parseJson(json);
    assert.equal(out.totalCount, api.body.totalCount);
    assert.deepEqual(out.items.map((c: { id: string }) => c.id), api.body.items.map((c: { id: string }) => c.id));
    assert.ok(out.items.length > 3);

    assertOk(text);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^ID\s+COMPANY\s+DOMAIN\s+COUNTRY\s+VIA$/);
    const expected = api.body.items.slice(1, 4) as Array<{ id: string; companyProfile: { domain: string } }>;
    assert.deepEqual(lines.slice(1, 4).map((l) => l.split(/\s+/)[0]), expected.map((c) => c.id));
    // Columns line up even with Korean company names (two cells per character).
    const domainColumn = lines[0]!.indexOf('DOMAIN');
    for (const [i, c] of expected.entries()) {
      const row = lines[i + 1]!;
      const before = row.slice(0, row.indexOf(c.companyProfile.domain));
      const cells = [...before].reduce((n, ch) => n + (/[\uac00-\ud7a3]/.test(ch) ? 2 : 1), 0);
      assert.equal(cells, domainColumn, `row ${i + 1} aligned: ${row}`);
    }
    assert.equal(lines.at(-1), `Showing 2–4 of ${api.body.totalCount} customers; use --offset and --size for more.`);

    const found = parseJson(searched);
    assert.deepEqual(found.items.map((c: { id: string }) => c.id), [customer.id]);
  });

  test('customers show: the customer with its subscriptions', async () => {
    const [text, json] = await Promise.all([cli('customers', 'show', customer.id), cli('customers', 'show', customer.id, '--json')]);
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^Customer: +${customer.name}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^Id: +${customer.id}$`, 'm'));
    assert.ok(customer.subscriptions.length > 0);
    for (const s of customer.subscriptions) assert.match(text.stdout, new RegExp(`^${s.id}  .*${s.status}`, 'm'));
    const out = parseJson(json);
    assert.equal(out.id, customer.id);
    assert.deepEqual(out.subscriptions.map((s: { id: string }) => s.id), customer.subscriptions.map((s) => s.id));
  });

  test('customers show of an unknown customer reports the server error', async () => {
    const r = await cli('customers', 'show', '00000000-0000-4000-8000-000000000000');
    assertFailure(r, 1, /^resdesk: \w*NotFound: /);
  });

  test('reservations list --customer reads /v1 with its filters', async () => {
    const api = await server.call('GET', `/v1/customers/${customer.id}/reservations?size=500`, { token: apiToken });
    // Filter on the state and type of one of the customer's reservations, so the answer is not empty.
    const sample = api.body.items.find((r: any) => r.properties.displayProvisioningState !== 'Succeeded') ?? api.body.items[0];
    const { displayProvisioningState: state, reservedResourceType: type } = sample.properties;
    const [all, filteredRun, text, expiringRun] = await Promise.all([
      cli('reservations', 'list', '--customer', customer.id, '--json'),
      cli('reservations', 'list', '--customer', customer.id, '--state', state.toLowerCase(), '--type', type, '--json'),
      cli('reservations', 'list', '--customer', customer.id, '--size', '2'),
      cli('reservations', 'list', '--customer', customer.id, '--expiring-within', '60', '--json'),
    ]);
    const out = parseJson(all);
    assert.equal(out.totalCount, api.body.totalCount);
    assert.deepEqual(out.items.map((r: { id: string }) => r.id), api.body.items.map((r: { id: string }) => r.id));
    assert.equal(out.more, false);

    const filtered = parseJson(filteredRun);
    const expected = api.body.items.filter((r: any) => r.properties.displayProvisioningState === state && r.properties.reservedResourceType === type);
    assert.ok(expected.length < api.body.items.length, 'the filter leaves some reservations out');
    assert.deepEqual(filtered.items.map((r: { id: string }) => r.id).sort(), expected.map((r: { id: string }) => r.id).sort());

    const expiring = await server.call('GET', `/v1/customers/${customer.id}/reservations?size=500&expiringWithinDays=60`, { token: apiToken });
    assert.ok(expiring.body.totalCount < api.body.totalCount);
    assert.deepEqual(parseJson(expiringRun).items.map((r: { id: string }) => r.id), expiring.body.items.map((r: { id: string }) => r.id));

    assertOk(text);
    const lines = text.stdout.trimEnd().split('\n');
    assert.match(lines[0]!, /^RESERVATION\s+NAME\s+TYPE\s+SKU\s+LOCATION\s+QTY\s+STATE\s+TERM\s+EXPIRES$/);
    assert.equal(lines.length, 4);
    for (const [i, r] of (api.body.items.slice(0, 2) as any[]).entries()) {
      const [, orderId, reservationId] = /reservationOrders\/([^/]+)\/reservations\/([^/]+)$/i.exec(r.id)!;
      assert.ok(lines[i + 1]!.startsWith(`${orderId}/${reservationId}  `), lines[i + 1]);
      assert.ok(lines[i + 1]!.endsWith(`  ${r.properties.expiryDateTime.slice(0, 10)}`), lines[i + 1]);
    }
    assert.equal(lines[3], `2 reservations of ${api.body.totalCount}; more match, raise --size to list them.`);
  });

  test('reservations list without --customer reads the Azure list with --filter and --size', async () => {
    const [vms, capped, expired] = await Promise.all([
      cli('reservations', 'list', '--filter', "properties/reservedResourceType eq 'VirtualMachines'", '--size', '1000', '--json'),
      cli('reservations', 'list', '--size', '3', '--json'),
      cli('reservations', 'list', '--state', 'Expired', '--type', 'VirtualMachines', '--filter', "location eq 'koreacentral'", '--size', '1000', '--json'),
    ]);
    const api = await server.call('GET', `/providers/Microsoft.Capacity/reservations?api-version=2022-11-01&take=1000&$filter=${encodeURIComponent("properties/reservedResourceType eq 'VirtualMachines'")}`, { token: apiToken });
    const out = parseJson(vms);
    assert.ok(out.items.length > 3);
    assert.deepEqual(out.items.map((r: { id: string }) => r.id), api.body.value.map((r: { id: string }) => r.id));
    assert.ok(out.items.every((r: any) => r.properties.reservedResourceType === 'VirtualMachines'));
    const expectedExpired = out.items.filter((r: any) => r.properties.displayProvisioningState === 'Expired' && r.location === 'koreacentral');
    assert.ok(expectedExpired.length > 0 && expectedExpired.length < out.items.length);
    assert.deepEqual(parseJson(expired).items.map((r: { id: string }) => r.id), expectedExpired.map((r: { id: string }) => r.id));
    const three = parseJson(capped);
    assert.equal(three.items.length, 3);
    assert.equal(three.more, true);
  });

  test('reservations list: a bad filter is the server\'s error, --filter with --customer a usage error', async () => {
    const [bad, mixed] = await Promise.all([
      cli('reservations', 'list', '--filter', 'properties/nonsense eq 1'),
      cli('reservations', 'list', '--customer', customer.id, '--filter', "location eq 'eastus'"),
    ]);
    assertFailure(bad, 1, /^resdesk: InvalidFilter: Cannot filter on "properties\/nonsense"/);
    assertFailure(mixed, 2, /--filter/);
  });

  test('reservations show takes order/reservation and the full resource id', async () => {
    const api = await server.call('GET', `/v1/customers/${customer.id}/reservations?size=1`, { token: apiToken });
    const r = api.body.items[0];
    const [, orderId, reservationId] = /reservationOrders\/([^/]+)\/reservations\/([^/]+)$/i.exec(r.id)!;
    const [short, full, text, bad] = await Promise.all([
      cli('reservations', 'show', `${orderId}/${reservationId}`, '--json'),
      cli('reservations', 'show', r.id, '--json'),
      cli('reservations', 'show', `${orderId}/${reservationId}`),
      cli('reservations', 'show', 'not-a-reservation'),
    ]);
    assert.equal(parseJson(short).id, r.id);
    assert.equal(parseJson(full).properties.displayName, r.properties.displayName);
    assertOk(text);
    assert.match(text.stdout, new RegExp(`^Reservation: +${r.properties.displayName}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^Id: +${orderId}/${reservationId}$`, 'm'));
    assert.match(text.stdout, new RegExp(`^Expires: +${r.properties.expiryDateTime.slice(0, 10)}$`, 'm'));
    assertFailure(bad, 2, /neither <reservationOrderId>\/<reservationId>/);
  });

  test('catalog: filtered items with prices in the asked currency', async () => {
    const [json, text] = await Promise.all([
      cli('catalog', '--type', 'VirtualMachines', '--location', 'koreacentral', '--currency', 'USD', '--json'),
      cli('catalog', '--type', 'VirtualMachines', '--location', 'koreacentral', '--currency', 'USD'),
    ]);
    const out = parseJson(json);
    assert.ok(out.items.length > 0);
    assert.equal(out.totalCount, out.items.length);
    for (const item of out.items) {
      assert.equal(item.reservedResourceType, 'VirtualMachines');
      assert.equal(item.location, 'koreacentral');
      assert.equal(item.prices.P1Y.Upfront.currencyCode, 'USD');
    }
    assertOk(text);
    const first = out.items[0];
    const amount = first.prices.P1Y.Upfront.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const row = text.stdout.split('\n').find((l) => l.startsWith(`${first.id} `));
    assert.ok(row, `a row for ${first.id}`);
    assert.ok(row.includes(`USD ${amount}`), `${row} shows USD ${amount}`);
    assert.match(text.stdout, new RegExp(`^${out.items.length} catalog items?\\.$`, 'm'));
  });

  test('purchase buys through /v1, the reservation is then on the server, and the idempotency key replays', async () => {
    const sub = customer.subscriptions.find((s) => s.status === 'Active')!;
    const args = [
      'purchase', '--customer', customer.id, '--subscription', sub.id, '--type', 'VirtualMachines', '--sku', 'Standard_D2s_v5',
      '--location', 'koreacentral', '--term', 'P1Y', '--plan', 'Monthly', '--quantity', '3', '--name', 'cli-bought', '--scope', 'single',
      '--idempotency-key', `cli-test-${engine}`,
    ];
    const first = parseJson(await cli(...args, '--json'));
    assert.equal(first.replayed, false);
    assert.equal(first.referenceCustomerId, customer.id);
    const line = first.lineItems[0];
    assert.equal(line.quantity, 3);
    const [reservationId] = line.resourceIds.reservationIds;
    const got = await server.call('GET', `/providers/Microsoft.Capacity/reservationOrders/${line.resourceIds.reservationOrderId}/reservations/${reservationId}?api-version=2022-11-01`, { token: apiToken });
    assert.equal(got.status, 200);
    assert.equal(got.body.properties.displayName, 'cli-bought');
    assert.equal(got.body.properties.quantity, 3);
    assert.equal(got.body.properties.billingPlan, 'Monthly');
    assert.equal(got.body.properties.appliedScopeType, 'Single');

    const again = await cli(...args);
    assertOk(again);
    assert.match(again.stdout, new RegExp(`^Order ${first.id} was already placed with this idempotency key`, 'm'));
    assert.match(again.stdout, new RegExp(`^  ${line.resourceIds.reservationOrderId}/${reservationId}$`, 'm'));
    assert.match(again.stdout, /^Total: +KRW [\d,]+$/m);
    const count = await server.call('GET', `/v1/customers/${customer.id}/reservations?size=500`, { token: apiToken });
    assert.equal(count.body.items.filter((r: any) => r.properties.displayName === 'cli-bought').length, 1, 'bought once');
  });

  test('purchase: missing options are a usage error, refusals the server\'s error', async () => {
    const sub = customer.subscriptions[0]!;
    const [missing, refused] = await Promise.all([
      cli('purchase', '--customer', customer.id, '--type', 'VirtualMachines'),
      cli('purchase', '--customer', customer.id, '--subscription', sub.id, '--type', 'VirtualMachines', '--sku', 'No_Such_Sku',
        '--location', 'koreacentral', '--term', 'P1Y', '--plan', 'Upfront', '--quantity', '1'),
    ]);
    assertFailure(missing, 2, /^resdesk: purchase: missing --subscription, --sku, --location, --term, --plan, --quantity$/);
    assertFailure(refused, 1, /^resdesk: InvalidSku: /);
  });

  test('login over HTTPS trusts a self-signed server with --ca and keeps trusting it', async () => {
    const dir = tempDir('https');
    try {
      const caFile = path.join(dir, 'server.pem');
      fs.writeFileSync(caFile, server.ca);
      const env = { RESDESK_CONFIG_DIR: path.join(dir, 'config'), RESDESK_SERVER: server.url, RESDESK_PASSWORD: 'demo-password' };
      const untrusted = await runCli(['login', '--email', ADMIN_AGENT], env);
      assertFailure(untrusted, 1, /cannot verify the HTTPS certificate .*--ca FILE/);
      const login = await runCli(['login', '--email', ADMIN_AGENT, '--ca', caFile, '--json'], env);
      assert.equal(parseJson(login).server, server.url);
      fs.rmSync(caFile);
      const me = parseJson(await runCli(['whoami', '--json'], env));
      assert.equal(me.server, server.url);
      assert.deepEqual(me.roles, ['AdminAgent']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a token the server no longer accepts gives its error and the hint to sign in', async () => {
    const dir = tempDir('revoked');
    try {
      const issued = await server.call('POST', '/v1/auth/token', { body: { email: ADMIN_AGENT, password: 'demo-password' } });
      const token = issued.body.access_token;
      const expiresAt = new Date(Date.now() + 3600_000).toISOString();
      fs.writeFileSync(path.join(dir, 'credentials.json'), JSON.stringify({ server: server.httpUrl, token, email: ADMIN_AGENT, expiresAt }));
      assert.equal((await server.call('POST', '/v1/auth/revoke', { token })).status, 204);
      const r = await runCli(['customers', 'list'], { RESDESK_CONFIG_DIR: dir });
      assertFailure(r, 1, /^resdesk: InvalidAuthenticationToken: .* \(run resdesk login\)$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('logout revokes the token on the server and forgets it', async () => {
    const file = path.join(configDir, 'credentials.json');
    const { token } = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.equal((await server.call('GET', '/v1/me', { token })).status, 200);
    const r = await cli('logout');
    assertOk(r);
    assert.match(r.stdout, /^Signed out of /);
    assert.equal(fs.existsSync(file), false);
    assert.equal((await server.call('GET', '/v1/me', { token })).status, 401);
    const [after, again] = await Promise.all([cli('customers', 'list'), cli('logout', '--json')]);
    assertFailure(after, 1, /^resdesk: not signed in, run resdesk login$/);
    assert.deepEqual(parseJson(again), { signedOut: false, reason: 'not signed in' });
  });
});
