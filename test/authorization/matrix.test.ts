import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, test } from 'node:test';
import { allRoutes } from '../../src/doors/http/all-routes.ts';
import type { Actor } from '../../src/domain/policy.ts';
import { createApp } from '../../src/services/identity/apps.ts';
import { inviteUser } from '../../src/services/identity/users.ts';
import { describeEachEngine } from '../support/engines.ts';
import { startTestServer, type TestServer } from '../support/test-server.ts';
import { CUSTOMER_NAMES, MATRIX, ROLE_ACCOUNTS, ROLES, TENANTS, supportBody, type CustomerKey, type Helpers, type MatrixRequest, type RoleKey, type Target } from './matrix.ts';
import { renderMatrix } from './render-matrix.ts';

test('every route of allRoutes() has exactly one row in the matrix, and every row a route', () => {
  const routes = allRoutes().map((r) => r.operationId);
  const rows = MATRIX.map((r) => r.operationId);
  const missing = routes.filter((id) => !rows.includes(id));
  assert.deepEqual(missing, [], `routes without a matrix row (declare them in test/authorization/matrix.ts): ${missing.join(', ')}`);
  const stale = rows.filter((id) => !routes.includes(id));
  assert.deepEqual(stale, [], `matrix rows without a route: ${stale.join(', ')}`);
  assert.equal(new Set(rows).size, rows.length, 'one row per operationId');
  for (const row of MATRIX) {
    assert.deepEqual(Object.keys(row.expect).sort(), [...ROLES].sort(), `${row.operationId}: a cell for every role`);
    for (const [role, cell] of Object.entries(row.expect)) assert.match(cell, /^\d{3}\/\d{3}$/, `${row.operationId} ${role}: "own/foreign" statuses`);
    const spec = allRoutes().find((r) => r.operationId === row.operationId)!;
    if (spec.auth === 'bearer') assert.equal(row.expect.ANON, '401/401', `${row.operationId}: unauthenticated calls are 401`);
  }
});

test('docs/authorization-matrix.md is the rendering of the matrix', () => {
  const file = new URL('../../docs/authorization-matrix.md', import.meta.url);
  assert.equal(fs.readFileSync(file, 'utf8'), renderMatrix(), 'run `node --import tsx test/authorization/render-matrix.ts` to refresh the document');
});

describeEachEngine('authorization matrix: every route × role × own/foreign tenant', (engine) => {
  let server: TestServer;
  const targets = new Map<CustomerKey, Target & { manager: string; partnerType: string }>();
  before(async () => {
    server = await startTestServer(engine);
    const db = server.ctx.store.db;
    for (const key of Object.keys(CUSTOMER_NAMES) as CustomerKey[]) {
      const c = await db.selectFrom('customers').innerJoin('partners', 'partners.id', 'customers.partner_id')
        .select(['customers.id', 'customers.partner_id', 'partners.type', 'partners.billing_currency']).where('company_name', '=', CUSTOMER_NAMES[key]).executeTakeFirstOrThrow();
      const sub = await db.selectFrom('subscriptions').select('id').where('customer_id', '=', c.id).where('state', '=', 'Active').orderBy('id').executeTakeFirstOrThrow();
      const r = await db.selectFrom('reservations').select(['id', 'order_id']).where('customer_id', '=', c.id).where('provisioning_state', '=', 'Succeeded').orderBy('id').executeTakeFirstOrThrow();
      const manager = c.billing_currency === 'KRW' ? ROLE_ACCOUNTS.AA! : ROLE_ACCOUNTS.IPA!;
      const owner = await db.selectFrom('users').select('id').where('customer_id', '=', c.id).where('email', 'like', 'owner@%').executeTakeFirstOrThrow();
      const t = {
        principalId: owner.id,
        customerId: c.id, partnerId: c.partner_id, subscriptionId: sub.id, orderId: r.order_id, reservationId: r.id,
        offerId: c.billing_currency === 'KRW' ? 'VirtualMachines:Standard_D2s_v5:koreacentral' : 'VirtualMachines:Standard_D2s_v5:eastus',
        supportRequestId: '', manager, partnerType: c.type,
      };
      const sr = await server.call('POST', '/v1/supportRequests', { token: await server.token(manager), body: supportBody(t) });
      assert.equal(sr.status, 201, JSON.stringify(sr.body));
      t.supportRequestId = sr.body.id;
      targets.set(key, t);
    }
  });
  after(async () => server?.close());

  const exchangeOps = new Map<string, string>();
  function helpers(t: Target & { manager: string; partnerType: string }, token: string | undefined): Helpers {
    const asManager = async () => server.token(t.manager);
    const partnerAdmin = (): Actor => ({ kind: 'partner', userId: 'matrix', name: 'matrix', partnerId: t.partnerId, partnerType: t.partnerType as 'DirectBill', roles: ['GlobalAdmin'] });
    const freshReservation = async (quantity = 1) => {
      const res = await server.call('POST', `/v1/customers/${t.customerId}/orders`, { token: await asManager(), body: { lineItems: [{ offerId: t.offerId, quantity, termDuration: 'P1Y', provisioningContext: { subscriptionId: t.subscriptionId } }] } });
      assert.equal(res.status, 201, `fresh reservation: ${JSON.stringify(res.body)}`);
      const ids = res.body.lineItems[0].resourceIds;
      return { orderId: ids.reservationOrderId as string, reservationId: ids.reservationIds[0] as string };
    };
    const quoteAs = async (path: string, body: unknown) => {
      if (token) {
        const own = await server.call('POST', path, { token, body });
        if (own.status === 200) return own.body.sessionId as string;
      }
      const res = await server.call('POST', path, { token: await asManager(), body });
      assert.equal(res.status, 200, `quote ${path}: ${JSON.stringify(res.body)}`);
      return res.body.sessionId as string;
    };
    const exchangeBody = (r: { orderId: string; reservationId: string }) => ({
      returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }],
      purchases: [{ offerId: t.offerId, quantity: 2, termDuration: 'P3Y', subscriptionId: t.subscriptionId }],
    });
    const managerCall = async (method: string, path: string, body?: unknown, ok = [200, 201, 202, 204]) => {
      const res = await server.call(method, path, { token: await asManager(), body });
      assert.ok(ok.includes(res.status), `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const freshCancelled = async (archived = false) => {
      const r = await freshReservation();
      const q = await managerCall('POST', '/v1/refunds/quote', { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 });
      await managerCall('POST', '/v1/refunds', { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1, sessionId: q.sessionId });
      if (archived) await managerCall('POST', `/v1/reservations/${r.orderId}/${r.reservationId}/archive`);
      return r;
    };
    return {
      token,
      freshReservation,
      freshCancelled,
      async freshSplitPair() {
        const r = await freshReservation(2);
        const out = await managerCall('POST', `/v1/reservations/${r.orderId}/${r.reservationId}/split`, { quantities: [1, 1] });
        const ids = out.destinations.map((d: any) => String(d.name ?? d.id).split('/').pop()) as [string, string];
        return { orderId: r.orderId, ids };
      },
      async freshPrincipal() {
        const id = crypto.randomUUID();
        await server.ctx.store.db.insertInto('users').values({
          id, email: `principal-${id}@example.org`, display_name: 'Matrix principal', tenant_type: 'customer', partner_id: null, customer_id: t.customerId,
          roles: JSON.stringify(['CustomerUser']), password_hash: '!unset', disabled: 0, created_at: server.clock.now().toISOString(),
        }).execute();
        return id;
      },
      async freshAssignment(scope) {
        const r = await freshReservation();
        const path = scope === 'order' ? `/v1/reservationOrders/${r.orderId}/roleAssignments`
          : scope === 'reservation' ? `/v1/reservations/${r.orderId}/${r.reservationId}/roleAssignments`
            : `/v1/subscriptions/${t.subscriptionId}/roleAssignments`;
        const principalId = scope === 'subscription' ? await this.freshPrincipal() : t.principalId;
        const a = await managerCall('POST', path, { roleName: 'Reader', principalId });
        return { ...r, assignmentId: String(a.name ?? a.id).split('/').pop()! };
      },
      async freshWebhook() {
        const w = await managerCall('POST', '/v1/webhooks', { url: 'https://hooks.example.org/resdesk', events: [] });
        return String(w.id).split('/').pop()!;
      },
      async freshReturnQuote() {
        const r = await freshReservation();
        return { ...r, sessionId: await quoteAs('/v1/refunds/quote', { reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }) };
      },
      async freshExchangeQuote() {
        return { sessionId: await quoteAs('/v1/exchanges/quote', exchangeBody(await freshReservation())) };
      },
      async freshSupportRequest(withReturn = false) {
        const extra = withReturn ? await freshReservation().then((r) => ({ reservationOrderId: r.orderId, reservationId: r.reservationId, requestedAction: { type: 'return', quantity: 1 } })) : {};
        const res = await server.call('POST', '/v1/supportRequests', { token: await asManager(), body: supportBody(t, extra) });
        assert.equal(res.status, 201, JSON.stringify(res.body));
        return res.body.id as string;
      },
      async freshUser() {
        const r = await inviteUser(server.ctx, partnerAdmin(), { email: `matrix-${crypto.randomUUID()}@example.org`, displayName: 'Matrix user', roles: ['SalesAgent'] });
        return r.user.id;
      },
      async freshApp() {
        const a = await createApp(server.ctx, partnerAdmin(), { displayName: 'Matrix app', roles: ['HelpdeskAgent'] });
        return { clientId: a.clientId, clientSecret: a.clientSecret };
      },
      async freshPasswordToken() {
        const r = await inviteUser(server.ctx, partnerAdmin(), { email: `matrix-${crypto.randomUUID()}@example.org`, displayName: 'Matrix user', roles: ['SalesAgent'] });
        return r.setPasswordToken;
      },
      async exchangeOperationId() {
        const cached = exchangeOps.get(t.customerId);
        if (cached) return cached;
        const q = await server.call('POST', '/v1/exchanges/quote', { token: await asManager(), body: exchangeBody(await freshReservation()) });
        const done = await server.call('POST', '/v1/exchanges', { token: await asManager(), body: { sessionId: q.body.sessionId } });
        assert.equal(done.status, 201, JSON.stringify(done.body));
        exchangeOps.set(t.customerId, done.body.transactionId);
        return done.body.transactionId as string;
      },
    };
  }

  async function send(req: MatrixRequest, token: string | undefined) {
    const headers: Record<string, string> = { ...(req.headers ?? {}) };
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else if (req.body !== undefined) {
      body = JSON.stringify(req.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(`${server.httpUrl}${req.path}`, { method: req.method, headers, body });
    const text = await res.text();
    return { status: res.status, text };
  }

  for (const row of MATRIX) {
    test(row.operationId, async () => {
      const failures: string[] = [];
      for (const role of ROLES) {
        const [ownStatus, foreignStatus] = row.expect[role].split('/').map(Number);
        for (const side of ['own', 'foreign'] as const) {
          const expected = side === 'own' ? ownStatus : foreignStatus;
          const t = targets.get(TENANTS[role][side])!;
          const email = ROLE_ACCOUNTS[role];
          let token = email ? await server.token(email) : undefined;
          const h = helpers(t, token);
          const req = await row.request(t, h);
          if (req.freshToken && email) {
            const res = await server.call('POST', '/v1/auth/token', { body: { email, password: 'demo-password' } });
            token = res.body.access_token;
          }
          const res = await send(req, token);
          if (res.status !== expected) failures.push(`${role} ${side} (${CUSTOMER_NAMES[TENANTS[role][side]]}): expected ${expected}, got ${res.status} ${res.text.slice(0, 200)}`);
          if (side === 'foreign' && res.status === 200 && expected !== 200 && res.text.includes(t.customerId)) failures.push(`${role} ${side}: foreign data leaked`);
        }
      }
      if (failures.length && process.env.MATRIX_REPORT) fs.appendFileSync(process.env.MATRIX_REPORT, `## ${row.operationId} [${engine}]\n${failures.join('\n')}\n`);
      assert.deepEqual(failures, [], `${row.operationId}:\n${failures.join('\n')}`);
    });
  }
});
