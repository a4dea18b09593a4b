/** What the benchmark asks the server: the sign-in, the ids it picks from the API, and the five requests. */

export const BENCH_USER = { email: 'admin.agent@contoso-kr.example', password: 'demo-password' };
const API = 'api-version=2022-11-01';
const P = '/providers/Microsoft.Capacity';

export interface Endpoint {
  key: 'a' | 'b' | 'c' | 'd' | 'e';
  name: string;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface PickedIds {
  reservationOrderId: string;
  reservationId: string;
  customerId: string;
  customerReservations: number;
  subscriptionId: string;
  purchase: Record<string, unknown>;
}

async function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, json };
}

async function expectOk(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<any> {
  const r = await call(baseUrl, method, path, token, body);
  if (r.status !== 200) throw new Error(`${method} ${path} answered ${r.status}: ${JSON.stringify(r.json).slice(0, 400)}`);
  return r.json;
}

export async function signIn(baseUrl: string): Promise<string> {
  const body = await expectOk(baseUrl, 'POST', '/v1/auth/token', undefined, BENCH_USER);
  if (typeof body?.access_token !== 'string') throw new Error('POST /v1/auth/token returned no access_token');
  return body.access_token as string;
}

export const LIST_ALL_FILTER = "properties/displayProvisioningState eq 'Succeeded'";

/** Picks, through the API as the signed-in agent sees it, the ids the measured requests use. */
export async function pickIds(baseUrl: string, token: string): Promise<PickedIds> {
  // A reservation and its order: the first Succeeded one of the listAll page.
  const all = await expectOk(baseUrl, 'GET', `${P}/reservations?${API}&take=1&$filter=${encodeURIComponent(LIST_ALL_FILTER)}`, token);
  const first = all?.value?.[0];
  const idMatch = /reservationOrders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})/i.exec(String(first?.id ?? ''));
  if (!idMatch) throw new Error(`listAll returned no reservation to benchmark (first id: ${first?.id})`);

  // A customer with reservations: of the first page of customers, the one with the most.
  const customers = await expectOk(baseUrl, 'GET', '/v1/customers?size=20', token);
  let best: { id: string; total: number } | undefined;
  for (const c of customers?.items ?? []) {
    const page = await expectOk(baseUrl, 'GET', `/v1/customers/${c.id}/reservations?size=1`, token);
    const total = Number(page?.totalCount ?? 0);
    if (!best || total > best.total) best = { id: c.id as string, total };
  }
  if (!best || best.total === 0) throw new Error('no customer of the benchmark user has reservations');

  // An active subscription of a customer, and a VM catalog item it can buy, for calculatePrice.
  let subscriptionId: string | undefined;
  let purchase: Record<string, unknown> | undefined;
  for (const c of [best.id, ...(customers.items as Array<{ id: string }>).map((x) => x.id)]) {
    const subs = await expectOk(baseUrl, 'GET', `/v1/customers/${c}/subscriptions`, token);
    const active = (subs?.items ?? []).find((s: { status: string }) => s.status === 'Active');
    if (!active) continue;
    const catalog = await expectOk(baseUrl, 'GET', `/subscriptions/${active.id}${P}/catalogs?${API}&reservedResourceType=VirtualMachines`, token);
    const item = (catalog?.value ?? []).find((i: { terms: string[] }) => i.terms.includes('P1Y'));
    if (!item) continue;
    subscriptionId = active.id as string;
    purchase = {
      sku: { name: item.name },
      location: item.locations[0],
      properties: {
        reservedResourceType: item.resourceType,
        billingScopeId: `/subscriptions/${subscriptionId}`,
        term: 'P1Y',
        billingPlan: 'Upfront',
        quantity: 1,
        displayName: 'bench quote',
        appliedScopeType: 'Shared',
      },
    };
    break;
  }
  if (!subscriptionId || !purchase) throw new Error('found no active subscription with a VM catalog item for calculatePrice');

  return {
    reservationOrderId: idMatch[1]!,
    reservationId: idMatch[2]!,
    customerId: best.id,
    customerReservations: best.total,
    subscriptionId,
    purchase,
  };
}

export function endpoints(token: string, ids: PickedIds): Endpoint[] {
  const auth = { authorization: `Bearer ${token}` };
  return [
    { key: 'a', name: 'GET /healthz', method: 'GET', path: '/healthz', headers: {} },
    {
      key: 'b', name: 'GET reservation (Azure door)', method: 'GET', headers: auth,
      path: `${P}/reservationOrders/${ids.reservationOrderId}/reservations/${ids.reservationId}?${API}`,
    },
    {
      key: 'c', name: 'GET customer reservations size=50', method: 'GET', headers: auth,
      path: `/v1/customers/${ids.customerId}/reservations?size=50`,
    },
    {
      key: 'd', name: 'listAll take=50 $filter Succeeded', method: 'GET', headers: auth,
      path: `${P}/reservations?${API}&take=50&$filter=${encodeURIComponent(LIST_ALL_FILTER)}`,
    },
    {
      key: 'e', name: 'POST calculatePrice', method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
      path: `${P}/calculatePrice?${API}`, body: JSON.stringify(ids.purchase),
    },
  ];
}

/** Sends the request once; returns null when it answers 200, otherwise what it answered. */
export async function checkEndpoint(baseUrl: string, e: Endpoint): Promise<string | null> {
  const res = await fetch(baseUrl + e.path, { method: e.method, headers: e.headers, body: e.body });
  const text = await res.text();
  return res.status === 200 ? null : `${res.status} ${text.slice(0, 300)}`;
}
