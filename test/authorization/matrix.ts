/**
 * The route × role × tenant matrix (issue 5): for every route of allRoutes() (by operationId), the
 * expected HTTP status for each role on a resource of its own tenant and on one of a foreign
 * tenant. Reviewed as documentation; rendered to docs/authorization-matrix.md by
 * test/authorization/render-matrix.ts; asserted cell by cell by matrix.test.ts on both engines.
 *
 * Tenants. "own" and "foreign" are customers (and what hangs off them: subscriptions, orders,
 * reservations, support requests, the partner's users and app registrations):
 *   Contoso roles (GA AA SA HA UMA BA): own = 한빛제조 (Contoso, direct bill), foreign = Adventure Works (Fabrikam/Northwind)
 *   IPA, the indirect provider's admin agent (Fabrikam): own = Adventure Works, foreign = 한빛제조
 *   RA, the reseller admin (Northwind): own = Adventure Works, foreign = Proseware (Tailspin)
 *   CO, the customer owner (owner@hanbit-mfg.example): own = 한빛제조, foreign = 서울물류
 *   SE, PO, the provider's support engineer and operator: own = 한빛제조, foreign = Adventure Works (both are partners' data)
 *   ANON, no credentials: own = 한빛제조, foreign = Adventure Works
 * For user and app-registration routes the resource is a user/app of the customer's partner
 * (Contoso for 한빛제조 and 서울물류, Fabrikam for Adventure Works and Proseware).
 *
 * A cell is "own/foreign", e.g. "200/404". 404 means "answered as if it did not exist"; 403 means
 * visible but not allowed. Adding a route: add one row with its operationId, a `request` builder
 * and `expect`; start from a profile below and override the cells that differ.
 */

export const ROLES = ['GA', 'AA', 'SA', 'HA', 'UMA', 'BA', 'IPA', 'RA', 'CO', 'SE', 'PO', 'ANON'] as const;
export type RoleKey = (typeof ROLES)[number];

export const ROLE_NAMES: Record<RoleKey, string> = {
  GA: 'Global admin (Contoso)', AA: 'Admin agent (Contoso)', SA: 'Sales agent (Contoso)', HA: 'Helpdesk agent (Contoso)',
  UMA: 'User management admin (Contoso)', BA: 'Billing admin (Contoso)', IPA: 'Indirect provider admin agent (Fabrikam)',
  RA: 'Reseller admin (Northwind)', CO: 'Customer owner (한빛제조)', SE: 'Provider support engineer', PO: 'Provider operator', ANON: 'Unauthenticated',
};

export const ROLE_ACCOUNTS: Record<RoleKey, string | null> = {
  GA: 'global.admin@contoso-kr.example', AA: 'admin.agent@contoso-kr.example', SA: 'sales.agent@contoso-kr.example',
  HA: 'helpdesk.agent@contoso-kr.example', UMA: 'user.admin@contoso-kr.example', BA: 'billing.admin@contoso-kr.example',
  IPA: 'admin.agent@fabrikam-dist.example', RA: 'admin@northwind-reseller.example', CO: 'owner@hanbit-mfg.example',
  SE: 'support@provider.example', PO: 'operator@provider.example', ANON: null,
};

export type CustomerKey = 'hanbit' | 'seoul' | 'adventure' | 'proseware';
export const CUSTOMER_NAMES: Record<CustomerKey, string> = { hanbit: '한빛제조', seoul: '서울물류', adventure: 'Adventure Works', proseware: 'Proseware' };
export const TENANTS: Record<RoleKey, { own: CustomerKey; foreign: CustomerKey }> = {
  GA: { own: 'hanbit', foreign: 'adventure' }, AA: { own: 'hanbit', foreign: 'adventure' }, SA: { own: 'hanbit', foreign: 'adventure' },
  HA: { own: 'hanbit', foreign: 'adventure' }, UMA: { own: 'hanbit', foreign: 'adventure' }, BA: { own: 'hanbit', foreign: 'adventure' },
  IPA: { own: 'adventure', foreign: 'hanbit' }, RA: { own: 'adventure', foreign: 'proseware' }, CO: { own: 'hanbit', foreign: 'seoul' },
  SE: { own: 'hanbit', foreign: 'adventure' }, PO: { own: 'hanbit', foreign: 'adventure' }, ANON: { own: 'hanbit', foreign: 'adventure' },
};

/** What a request builder gets: the target tenant's demo data and helpers that make fresh resources in it. */
export interface Target {
  customerId: string;
  partnerId: string;
  subscriptionId: string;
  /** A VM offer sold in the partner's currency. */
  offerId: string;
  /** A Succeeded reservation of the customer (read-only use). */
  orderId: string;
  reservationId: string;
  /** An open support request about the customer, raised by its managing partner. */
  supportRequestId: string;
  /** The customer's owner account: the principal of role assignments the matrix makes. */
  principalId: string;
}

export interface Helpers {
  /** The caller's bearer token (undefined for ANON). */
  token?: string;
  /** A newly bought reservation of the target customer (bought by its managing partner's admin agent). */
  freshReservation(quantity?: number): Promise<{ orderId: string; reservationId: string }>;
  /** A return quote session for a fresh reservation: quoted by the caller when it may, else by the managing admin agent. */
  freshReturnQuote(): Promise<{ orderId: string; reservationId: string; sessionId: string }>;
  /** An exchange quote session, the same way. */
  freshExchangeQuote(): Promise<{ sessionId: string }>;
  /** A new open support request about the target customer. */
  freshSupportRequest(withReturn?: boolean): Promise<string>;
  /** A new user (SalesAgent) of the target customer's partner. */
  freshUser(): Promise<string>;
  /** A new app registration of the target customer's partner. */
  freshApp(): Promise<{ clientId: string; clientSecret: string }>;
  /** A new one-time set-password token. */
  freshPasswordToken(): Promise<string>;
  /** A completed exchange's operation id (transaction id) of the target customer. */
  exchangeOperationId(): Promise<string>;
  /** Two reservations of one order (a fresh quantity-2 reservation split by the managing admin agent). */
  freshSplitPair(): Promise<{ orderId: string; ids: [string, string] }>;
  /** A fresh reservation returned (Cancelled) by the managing admin agent; archived too when asked. */
  freshCancelled(archived?: boolean): Promise<{ orderId: string; reservationId: string }>;
  /** A new Reader role assignment (by the managing admin agent) on a fresh order, its reservation, or the subscription. */
  freshAssignment(scope: 'order' | 'reservation' | 'subscription'): Promise<{ orderId: string; reservationId: string; assignmentId: string }>;
  /** A new user of the target customer (a principal no assignment names yet). */
  freshPrincipal(): Promise<string>;
  /** A new webhook of the target customer's partner (made by its managing admin agent). */
  freshWebhook(): Promise<string>;
}

export interface MatrixRequest {
  method: string;
  path: string;
  body?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
  /** Use a freshly issued token for this cell (the route ends the caller's token). */
  freshToken?: boolean;
}

export interface MatrixRow {
  operationId: string;
  /** Why the cells are what they are, for the rendered document. */
  note?: string;
  expect: Record<RoleKey, string>;
  request(t: Target, h: Helpers): Promise<MatrixRequest> | MatrixRequest;
}

type Profile = Omit<Record<RoleKey, string>, 'ANON'>;
const withAnon = (p: Profile, anon = '401/401'): Record<RoleKey, string> => ({ ...p, ANON: anon });
const same = (s: string): Record<RoleKey, string> => Object.fromEntries(ROLES.map((r) => [r, `${s}/${s}`])) as Record<RoleKey, string>;

/** Any signed-in caller; the answer does not depend on a tenant (lists are narrowed to the caller). */
const ANY_SIGNED_IN = withAnon({ GA: '200/200', AA: '200/200', SA: '200/200', HA: '200/200', UMA: '200/200', BA: '200/200', IPA: '200/200', RA: '200/200', CO: '200/200', SE: '200/200', PO: '200/200' });
/** Reading a customer's data: the partner's viewing roles, the reseller, the customer itself, the operator; others do not see it. */
const CUSTOMER_READ = withAnon({ GA: '200/404', AA: '200/404', SA: '200/404', HA: '200/404', UMA: '200/404', BA: '404/404', IPA: '200/404', RA: '200/404', CO: '200/404', SE: '404/404', PO: '200/200' });
/** Managing a customer's reservations: global admins and admin agents of direct-bill partners and indirect providers. */
const MANAGE = withAnon({ GA: 'OK/404', AA: 'OK/404', SA: '403/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: 'OK/404', RA: '403/404', CO: '403/404', SE: '404/404', PO: '403/403' });
/** User management: Global admin and User management admin of the partner. */
const USER_ADMIN = withAnon({ GA: 'OK/404', AA: '403/403', SA: '403/403', HA: '403/403', UMA: 'OK/404', BA: '403/403', IPA: '403/403', RA: '403/403', CO: '403/403', SE: '403/403', PO: '403/403' });

/** Webhooks: the partner's Global admins and admin agents (a reseller has its own, so another partner's is not found). */
const WEBHOOKS = withAnon({ GA: 'OK/404', AA: 'OK/404', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: 'OK/404', RA: '404/404', CO: '403/403', SE: '403/403', PO: '403/403' });
/** The audit log: Global admins and admin agents read their partner's entries, the provider operator all (lists are narrowed). */
const AUDIT = withAnon({ GA: '200/200', AA: '200/200', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: '200/200', RA: '403/403', CO: '403/403', SE: '403/403', PO: '200/200' });

/** Usage imports (issue 7): the partner's Global admins and admin agents, and the provider operator; not resellers, not the support desk. */
const USAGE_IMPORT = (ok: string) => withAnon({ GA: `${ok}/${ok}`, AA: `${ok}/${ok}`, SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: `${ok}/${ok}`, RA: '403/403', CO: '403/403', SE: '403/403', PO: `${ok}/${ok}` });

const fill = (e: Record<RoleKey, string>, ok: string): Record<RoleKey, string> =>
  Object.fromEntries(Object.entries(e).map(([k, v]) => [k, v.replaceAll('OK', ok)])) as Record<RoleKey, string>;

const AZ = '?api-version=2022-11-01';
const P = '/providers/Microsoft.Capacity';
const contact = {
  firstName: 'Ji-eun', lastName: 'Kim', primaryEmail: 'jieun.kim@contoso-kr.example', preferredContactMethod: 'email',
  preferredTimeZone: 'Asia/Seoul', preferredSupportLanguage: 'ko-KR', country: 'KOR',
};
export const supportBody = (t: Target, extra: Record<string, unknown> = {}) => ({
  basics: { issueType: 'Billing', title: 'Matrix request', description: 'Created by the authorization matrix.' },
  problem: { problemType: 'ReservationManagement', category: 'ExchangeAndRefund', severity: 'minimal' },
  contact, customerId: t.customerId, ...extra,
});
const azurePurchase = (t: Target) => {
  const [type, sku, location] = t.offerId.split(':');
  return { sku: { name: sku }, location, properties: { reservedResourceType: type, billingScopeId: `/subscriptions/${t.subscriptionId}`, term: 'P1Y', quantity: 1, displayName: 'matrix', appliedScopeType: 'Shared' } };
};
const orderLine = (t: Target) => ({ lineItems: [{ offerId: t.offerId, quantity: 1, termDuration: 'P1Y', provisioningContext: { subscriptionId: t.subscriptionId } }] });
const exchangeOf = (t: Target, r: { orderId: string; reservationId: string }) => ({
  returns: [{ reservationOrderId: r.orderId, reservationId: r.reservationId, quantity: 1 }],
  purchases: [{ offerId: t.offerId, quantity: 2, termDuration: 'P3Y', subscriptionId: t.subscriptionId }],
});
const newGuid = () => crypto.randomUUID();

const AUTHZ = 'providers/Microsoft.Authorization';
const resId = (o: string, r: string) => `${P}/reservationOrders/${o}/reservations/${r}`;
/** Reader role definition (Azure built-in GUID). */
const READER = 'acdd72a7-3385-48ef-bd42-f606fba81ae7';

export const MATRIX: MatrixRow[] = [
  // ── system ──
  { operationId: 'Health', expect: same('200'), request: () => ({ method: 'GET', path: '/healthz' }) },
  { operationId: 'OpenApi', expect: same('200'), request: () => ({ method: 'GET', path: '/openapi.json' }) },
  { operationId: 'Docs', expect: same('200'), request: () => ({ method: 'GET', path: '/docs' }) },

  // ── Azure door (Microsoft.Capacity 2022-11-01) ──
  { operationId: 'Operation_List', expect: same('200'), request: () => ({ method: 'GET', path: `${P}/operations${AZ}` }) },
  { operationId: 'ReservationOrder_List', note: 'Lists are narrowed to the caller\'s tenant.', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: `${P}/reservationOrders${AZ}` }) },
  { operationId: 'ReservationOrder_Get', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}${AZ}` }) },
  {
    operationId: 'ReservationOrder_Purchase', note: 'Buying: GA, AA, SA of the managing partner; the customer only with the permission on (seeded off).',
    expect: withAnon({ GA: '200/400', AA: '200/400', SA: '200/400', HA: '403/400', UMA: '403/400', BA: '400/400', IPA: '200/400', RA: '403/400', CO: '403/400', SE: '400/400', PO: '403/403' }),
    request: (t) => ({ method: 'PUT', path: `${P}/reservationOrders/${newGuid()}${AZ}`, body: azurePurchase(t) }),
  },
  {
    operationId: 'ReservationOrder_Calculate',
    expect: withAnon({ GA: '200/400', AA: '200/400', SA: '200/400', HA: '403/400', UMA: '403/400', BA: '400/400', IPA: '200/400', RA: '403/400', CO: '403/400', SE: '400/400', PO: '403/403' }),
    request: (t) => ({ method: 'POST', path: `${P}/calculatePrice${AZ}`, body: azurePurchase(t) }),
  },
  { operationId: 'Reservation_List', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}/reservations${AZ}` }) },
  { operationId: 'Reservation_Get', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}/reservations/${t.reservationId}${AZ}` }) },
  { operationId: 'Reservation_ListRevisions', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}/reservations/${t.reservationId}/revisions${AZ}` }) },
  { operationId: 'Reservation_ListAll', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: `${P}/reservations${AZ}` }) },
  { operationId: 'GetCatalog', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/subscriptions/${t.subscriptionId}${P}/catalogs${AZ}&location=koreacentral` }) },
  { operationId: 'GetAppliedReservationList', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/subscriptions/${t.subscriptionId}${P}/appliedReservations${AZ}` }) },
  {
    operationId: 'CalculateRefund_Post', expect: CUSTOMER_READ, note: 'A quote is a read; executing it is the managed action',
    request: (t) => ({ method: 'POST', path: `${P}/reservationOrders/${t.orderId}/calculateRefund${AZ}`, body: { properties: { scope: 'Reservation', reservationToReturn: { reservationId: `${P}/reservationOrders/${t.orderId}/reservations/${t.reservationId}`, quantity: 1 } } } }),
  },
  {
    operationId: 'Return_Post', expect: fill(MANAGE, '202'),
    request: async (t, h) => {
      const q = await h.freshReturnQuote();
      return { method: 'POST', path: `${P}/reservationOrders/${q.orderId}/return${AZ}`, body: { properties: { sessionId: q.sessionId, scope: 'Reservation', reservationToReturn: { reservationId: `${P}/reservationOrders/${q.orderId}/reservations/${q.reservationId}`, quantity: 1 } } } };
    },
  },
  {
    operationId: 'CalculateExchange_Post', expect: { ...fill(MANAGE, '200'), SA: '200/404' },
    request: async (t, h) => {
      const r = await h.freshReservation();
      const purchase = azurePurchase(t);
      return { method: 'POST', path: `${P}/calculateExchange${AZ}`, body: { properties: { reservationsToExchange: [{ reservationId: `${P}/reservationOrders/${r.orderId}/reservations/${r.reservationId}`, quantity: 1 }], reservationsToPurchase: [{ ...purchase, properties: { ...purchase.properties, quantity: 2, term: 'P3Y' } }] } } };
    },
  },
  { operationId: 'Exchange_Post', note: 'An exchange quote belongs to the caller who calculated it; another caller\'s session is not found.', expect: { ...fill(MANAGE, '202'), HA: '404/404', UMA: '404/404', RA: '404/404', CO: '404/404', PO: '404/404' }, request: async (t, h) => ({ method: 'POST', path: `${P}/exchange${AZ}`, body: { properties: { sessionId: (await h.freshExchangeQuote()).sessionId } } }) },
  { operationId: 'OperationResults_Get', expect: { ...CUSTOMER_READ, BA: '200/404' }, request: async (t, h) => ({ method: 'GET', path: `${P}/operationResults/${await h.exchangeOperationId()}${AZ}` }) },

  // ── sign-in and sessions ──
  { operationId: 'Auth_Token', note: 'Public: e-mail and password of a demo account.', expect: same('200'), request: () => ({ method: 'POST', path: '/v1/auth/token', body: { email: 'helpdesk.agent@contoso-kr.example', password: 'demo-password' } }) },
  { operationId: 'Auth_Revoke', note: 'Ends the caller\'s own token.', expect: withAnon({ GA: '204/204', AA: '204/204', SA: '204/204', HA: '204/204', UMA: '204/204', BA: '204/204', IPA: '204/204', RA: '204/204', CO: '204/204', SE: '204/204', PO: '204/204' }), request: () => ({ method: 'POST', path: '/v1/auth/revoke', freshToken: true }) },
  { operationId: 'Me_Get', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/me' }) },
  { operationId: 'Session_Create', note: 'Public: console sign-in.', expect: same('201'), request: () => ({ method: 'POST', path: '/v1/auth/session', body: { email: 'helpdesk.agent@contoso-kr.example', password: 'demo-password' } }) },
  { operationId: 'Session_Get', note: 'Reads the session cookie only; a bearer token is not a console session.', expect: same('401'), request: () => ({ method: 'GET', path: '/v1/auth/session' }) },
  { operationId: 'Session_Delete', expect: withAnon({ GA: '204/204', AA: '204/204', SA: '204/204', HA: '204/204', UMA: '204/204', BA: '204/204', IPA: '204/204', RA: '204/204', CO: '204/204', SE: '204/204', PO: '204/204' }), request: () => ({ method: 'DELETE', path: '/v1/auth/session' }) },
  { operationId: 'Oidc_Login', note: 'Public; the matrix server has no OIDC provider configured (test/identity/oidc.test.ts covers the configured flow).', expect: same('404'), request: () => ({ method: 'GET', path: '/v1/auth/oidc/login' }) },
  { operationId: 'Oidc_Callback', note: 'Public; not configured here, as above.', expect: same('404'), request: () => ({ method: 'GET', path: '/v1/auth/oidc/callback?code=x&state=y' }) },
  { operationId: 'Auth_SetPassword', note: 'Public: the one-time token is the credential.', expect: same('204'), request: async (t, h) => ({ method: 'POST', path: '/v1/auth/setPassword', body: { token: await h.freshPasswordToken(), password: 'amber-falcon-river-1729' } }) },

  // ── customers ──
  { operationId: 'Customers_List', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/customers' }) },
  { operationId: 'Customers_Get', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}` }) },
  { operationId: 'Customers_Subscriptions', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}/subscriptions` }) },
  { operationId: 'Customers_Reservations', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}/reservations?size=5` }) },
  {
    operationId: 'Customers_SetPurchasePermission', note: 'Only admin agents and global admins (rules §1).',
    expect: withAnon({ GA: '200/404', AA: '200/404', SA: '403/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: '200/404', RA: '403/404', CO: '403/404', SE: '404/404', PO: '403/403' }),
    request: (t) => ({ method: 'PUT', path: `/v1/customers/${t.customerId}/purchasePermission`, body: { enabled: false } }),
  },
  {
    operationId: 'Customers_RefundAllowance',
    expect: withAnon({ GA: '200/404', AA: '200/404', SA: '200/404', HA: '200/404', UMA: '200/404', BA: '404/404', IPA: '200/404', RA: '200/404', CO: '200/404', SE: '404/404', PO: '200/200' }),
    request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}/refundAllowance` }),
  },
  {
    operationId: 'Orders_Create', note: 'Buying: GA, AA, SA of the managing partner; the customer only with the permission on (seeded off).',
    expect: withAnon({ GA: '201/404', AA: '201/404', SA: '201/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: '201/404', RA: '403/404', CO: '403/404', SE: '404/404', PO: '403/403' }),
    request: (t) => ({ method: 'POST', path: `/v1/customers/${t.customerId}/orders`, body: orderLine(t) }),
  },

  // ── catalog ──
  { operationId: 'Catalog_ResourceTypes', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/catalog/resourceTypes' }) },
  { operationId: 'Catalog_Items', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/catalog/items?size=5' }) },

  // ── returns and exchanges ──
  { operationId: 'Refunds_Quote', expect: CUSTOMER_READ, note: 'A quote is a read; executing it is the managed action', request: (t) => ({ method: 'POST', path: '/v1/refunds/quote', body: { reservationOrderId: t.orderId, reservationId: t.reservationId, quantity: 1 } }) },
  {
    operationId: 'Refunds_Create', expect: fill(MANAGE, '201'),
    request: async (t, h) => {
      const q = await h.freshReturnQuote();
      return { method: 'POST', path: '/v1/refunds', body: { reservationOrderId: q.orderId, reservationId: q.reservationId, quantity: 1, sessionId: q.sessionId } };
    },
  },
  { operationId: 'Exchanges_Quote', expect: { ...fill(MANAGE, '200'), SA: '200/404' }, request: async (t, h) => ({ method: 'POST', path: '/v1/exchanges/quote', body: exchangeOf(t, await h.freshReservation()) }) },
  { operationId: 'Exchanges_Create', note: 'An exchange quote belongs to the caller who calculated it; another caller\'s session is not found.', expect: { ...fill(MANAGE, '201'), HA: '404/404', UMA: '404/404', RA: '404/404', CO: '404/404', PO: '404/404' }, request: async (t, h) => ({ method: 'POST', path: '/v1/exchanges', body: { sessionId: (await h.freshExchangeQuote()).sessionId } }) },

  // ── billing and policy ──
  {
    operationId: 'Credits_Get', note: 'The caller\'s own partner; rules §1 (our default): GA, BA, AA.',
    expect: withAnon({ GA: '200/200', AA: '200/200', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '200/200', IPA: '200/200', RA: '403/403', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: () => ({ method: 'GET', path: '/v1/credits' }),
  },
  {
    operationId: 'Invoices_List',
    expect: withAnon({ GA: '200/200', AA: '200/200', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '200/200', IPA: '200/200', RA: '403/403', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: () => ({ method: 'GET', path: '/v1/invoices' }),
  },
  {
    operationId: 'Settings_GetPolicy',
    expect: withAnon({ GA: '200/200', AA: '200/200', SA: '200/200', HA: '200/200', UMA: '200/200', BA: '200/200', IPA: '200/200', RA: '200/200', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: () => ({ method: 'GET', path: '/v1/settings/policy' }),
  },
  {
    operationId: 'Settings_UpdatePolicy',
    expect: withAnon({ GA: '200/200', AA: '403/403', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: '403/403', RA: '403/403', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: () => ({ method: 'PATCH', path: '/v1/settings/policy', body: { earlyTerminationFeeBps: 0 } }),
  },

  // ── support requests ──
  {
    operationId: 'SupportRequests_Create', note: 'Partners raise requests for their customers; the provider desk and customers do not.',
    expect: withAnon({ GA: '201/404', AA: '201/404', SA: '403/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: '201/404', RA: '403/404', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: (t) => ({ method: 'POST', path: '/v1/supportRequests', body: supportBody(t) }),
  },
  { operationId: 'SupportRequests_List', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/supportRequests' }) },
  {
    operationId: 'SupportRequests_Get', note: 'The provider desk sees every partner\'s queue; customers and billing admins see none.',
    expect: withAnon({ GA: '200/404', AA: '200/404', SA: '200/404', HA: '200/404', UMA: '200/404', BA: '404/404', IPA: '200/404', RA: '200/404', CO: '404/404', SE: '200/200', PO: '200/200' }),
    request: (t) => ({ method: 'GET', path: `/v1/supportRequests/${t.supportRequestId}` }),
  },
  {
    operationId: 'SupportRequests_Message', note: 'Writing to a request needs the right to raise one: sales and helpdesk agents only with access to the customer\'s subscription; resellers never.',
    expect: withAnon({ GA: '201/404', AA: '201/404', SA: '403/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: '201/404', RA: '403/404', CO: '404/404', SE: '201/201', PO: '201/201' }),
    request: async (t, h) => ({ method: 'POST', path: `/v1/supportRequests/${await h.freshSupportRequest()}/messages`, body: { body: 'A message from the matrix.' } }),
  },
  {
    operationId: 'SupportRequests_Approve', note: 'Provider support engineers (and the operator) only.',
    expect: withAnon({ GA: '403/403', AA: '403/403', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: '403/403', RA: '403/403', CO: '403/403', SE: '200/200', PO: '200/200' }),
    request: async (t, h) => ({ method: 'POST', path: `/v1/supportRequests/${await h.freshSupportRequest(true)}/approve` }),
  },
  {
    operationId: 'SupportRequests_Reject',
    expect: withAnon({ GA: '403/403', AA: '403/403', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: '403/403', RA: '403/403', CO: '403/403', SE: '200/200', PO: '200/200' }),
    request: async (t, h) => ({ method: 'POST', path: `/v1/supportRequests/${await h.freshSupportRequest()}/reject`, body: { reason: 'Matrix rejection.' } }),
  },
  {
    operationId: 'SupportRequests_Close',
    expect: withAnon({ GA: '200/404', AA: '200/404', SA: '403/404', HA: '403/404', UMA: '403/404', BA: '404/404', IPA: '200/404', RA: '403/404', CO: '403/403', SE: '403/403', PO: '403/403' }),
    request: async (t, h) => ({ method: 'POST', path: `/v1/supportRequests/${await h.freshSupportRequest()}/close` }),
  },

  // ── users and app registrations ──
  { operationId: 'Users_List', expect: fill({ ...USER_ADMIN, GA: 'OK/OK', UMA: 'OK/OK' }, '200'), note: 'The caller\'s own partner\'s users.', request: () => ({ method: 'GET', path: '/v1/users' }) },
  {
    operationId: 'Users_Invite', expect: fill({ ...USER_ADMIN, GA: 'OK/OK', UMA: 'OK/OK' }, '201'), note: 'Invites into the caller\'s own partner.',
    request: () => ({ method: 'POST', path: '/v1/users', body: { email: `invitee-${newGuid()}@contoso-kr.example`, displayName: 'Invitee', roles: ['SalesAgent'] } }),
  },
  { operationId: 'Users_Update', expect: fill(USER_ADMIN, '200'), request: async (t, h) => ({ method: 'PATCH', path: `/v1/users/${await h.freshUser()}`, body: { roles: ['HelpdeskAgent'] } }) },
  { operationId: 'Users_Disable', expect: fill(USER_ADMIN, '200'), request: async (t, h) => ({ method: 'POST', path: `/v1/users/${await h.freshUser()}/disable` }) },
  { operationId: 'Users_ResetPassword', expect: fill(USER_ADMIN, '200'), request: async (t, h) => ({ method: 'POST', path: `/v1/users/${await h.freshUser()}/resetPassword` }) },
  { operationId: 'AppRegistrations_List', expect: fill({ ...USER_ADMIN, GA: 'OK/OK', UMA: 'OK/OK' }, '200'), request: () => ({ method: 'GET', path: '/v1/appRegistrations' }) },
  { operationId: 'AppRegistrations_Create', expect: fill({ ...USER_ADMIN, GA: 'OK/OK', UMA: 'OK/OK' }, '201'), request: () => ({ method: 'POST', path: '/v1/appRegistrations', body: { displayName: 'Matrix app', roles: ['HelpdeskAgent'] } }) },
  { operationId: 'AppRegistrations_Delete', expect: fill(USER_ADMIN, '204'), request: async (t, h) => ({ method: 'DELETE', path: `/v1/appRegistrations/${(await h.freshApp()).clientId}` }) },

  // ── reservation administration, Azure door ──
  { operationId: 'Reservation_Update', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'PATCH', path: `${resId(r.orderId, r.reservationId)}${AZ}`, body: { properties: { renew: true } } }; } },
  { operationId: 'Reservation_AvailableScopes', note: 'Checking candidate scopes is a read.', expect: CUSTOMER_READ, request: (t) => ({ method: 'POST', path: `${resId(t.orderId, t.reservationId)}/availableScopes${AZ}`, body: { properties: { scopes: [`/subscriptions/${t.subscriptionId}`] } } }) },
  { operationId: 'Reservation_Split', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshReservation(2); return { method: 'POST', path: `${P}/reservationOrders/${r.orderId}/split${AZ}`, body: { properties: { quantities: [1, 1], reservationId: resId(r.orderId, r.reservationId) } } }; } },
  { operationId: 'Reservation_Merge', expect: fill(MANAGE, '200'), request: async (t, h) => { const p = await h.freshSplitPair(); return { method: 'POST', path: `${P}/reservationOrders/${p.orderId}/merge${AZ}`, body: { properties: { sources: p.ids.map((id) => resId(p.orderId, id)) } } }; } },
  { operationId: 'Reservation_Archive', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshCancelled(); return { method: 'POST', path: `${resId(r.orderId, r.reservationId)}/archive${AZ}` }; } },
  { operationId: 'Reservation_Unarchive', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshCancelled(true); return { method: 'POST', path: `${resId(r.orderId, r.reservationId)}/unarchive${AZ}` }; } },
  { operationId: 'RoleAssignments_ListForOrder', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}/${AUTHZ}/roleAssignments${AZ}` }) },
  { operationId: 'RoleAssignments_GetForOrder', expect: CUSTOMER_READ, request: async (t, h) => { const a = await h.freshAssignment('order'); return { method: 'GET', path: `${P}/reservationOrders/${a.orderId}/${AUTHZ}/roleAssignments/${a.assignmentId}${AZ}` }; } },
  { operationId: 'RoleAssignments_CreateForOrder', expect: fill(MANAGE, '201'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'PUT', path: `${P}/reservationOrders/${r.orderId}/${AUTHZ}/roleAssignments/${newGuid()}${AZ}`, body: { properties: { roleDefinitionId: `/${AUTHZ}/roleDefinitions/${READER}`, principalId: t.principalId } } }; } },
  { operationId: 'RoleAssignments_DeleteForOrder', expect: fill(MANAGE, '200'), request: async (t, h) => { const a = await h.freshAssignment('order'); return { method: 'DELETE', path: `${P}/reservationOrders/${a.orderId}/${AUTHZ}/roleAssignments/${a.assignmentId}${AZ}` }; } },
  { operationId: 'RoleDefinitions_ListForOrder', expect: ANY_SIGNED_IN, request: (t) => ({ method: 'GET', path: `${P}/reservationOrders/${t.orderId}/${AUTHZ}/roleDefinitions${AZ}` }) },
  { operationId: 'RoleAssignments_ListForReservation', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${resId(t.orderId, t.reservationId)}/${AUTHZ}/roleAssignments${AZ}` }) },
  { operationId: 'RoleAssignments_GetForReservation', expect: CUSTOMER_READ, request: async (t, h) => { const a = await h.freshAssignment('reservation'); return { method: 'GET', path: `${resId(a.orderId, a.reservationId)}/${AUTHZ}/roleAssignments/${a.assignmentId}${AZ}` }; } },
  { operationId: 'RoleAssignments_CreateForReservation', expect: fill(MANAGE, '201'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'PUT', path: `${resId(r.orderId, r.reservationId)}/${AUTHZ}/roleAssignments/${newGuid()}${AZ}`, body: { properties: { roleDefinitionId: `/${AUTHZ}/roleDefinitions/${READER}`, principalId: t.principalId } } }; } },
  { operationId: 'RoleAssignments_DeleteForReservation', expect: fill(MANAGE, '200'), request: async (t, h) => { const a = await h.freshAssignment('reservation'); return { method: 'DELETE', path: `${resId(a.orderId, a.reservationId)}/${AUTHZ}/roleAssignments/${a.assignmentId}${AZ}` }; } },
  { operationId: 'RoleDefinitions_ListForReservation', expect: ANY_SIGNED_IN, request: (t) => ({ method: 'GET', path: `${resId(t.orderId, t.reservationId)}/${AUTHZ}/roleDefinitions${AZ}` }) },

  // ── reservation administration, /v1 ──
  { operationId: 'Reservations_Get', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}` }) },
  { operationId: 'Reservations_Update', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'PATCH', path: `/v1/reservations/${r.orderId}/${r.reservationId}`, body: { renew: true } }; } },
  { operationId: 'Reservations_AvailableScopes', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/availableScopes` }) },
  { operationId: 'Reservations_Revisions', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/revisions` }) },
  { operationId: 'Reservations_Split', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshReservation(2); return { method: 'POST', path: `/v1/reservations/${r.orderId}/${r.reservationId}/split`, body: { quantities: [1, 1] } }; } },
  { operationId: 'ReservationOrders_Merge', expect: fill(MANAGE, '200'), request: async (t, h) => { const p = await h.freshSplitPair(); return { method: 'POST', path: `/v1/reservationOrders/${p.orderId}/merge`, body: { sources: p.ids.map((id) => resId(p.orderId, id)) } }; } },
  { operationId: 'Reservations_Archive', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshCancelled(); return { method: 'POST', path: `/v1/reservations/${r.orderId}/${r.reservationId}/archive` }; } },
  { operationId: 'Reservations_Unarchive', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshCancelled(true); return { method: 'POST', path: `/v1/reservations/${r.orderId}/${r.reservationId}/unarchive` }; } },
  { operationId: 'ReservationOrders_Update', expect: fill(MANAGE, '200'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'PATCH', path: `/v1/reservationOrders/${r.orderId}`, body: { billingScopeId: `/subscriptions/${t.subscriptionId}` } }; } },
  { operationId: 'RoleDefinitions_List', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/roleDefinitions' }) },
  { operationId: 'AccessGroups_Create', expect: { ...fill(MANAGE, '201'), BA: '403/404', CO: '403/403', SE: '403/403' }, request: (t) => ({ method: 'POST', path: '/v1/accessGroups', body: { displayName: 'Matrix group', customerId: t.customerId, members: [] } }) },
  { operationId: 'Access_ListOrder', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservationOrders/${t.orderId}/roleAssignments` }) },
  { operationId: 'Access_AddOrder', expect: fill(MANAGE, '201'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'POST', path: `/v1/reservationOrders/${r.orderId}/roleAssignments`, body: { roleName: 'Reader', principalId: t.principalId } }; } },
  { operationId: 'Access_RemoveOrder', expect: fill(MANAGE, '200'), request: async (t, h) => { const a = await h.freshAssignment('order'); return { method: 'DELETE', path: `/v1/reservationOrders/${a.orderId}/roleAssignments/${a.assignmentId}` }; } },
  { operationId: 'Access_ListReservation', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/roleAssignments` }) },
  { operationId: 'Access_AddReservation', expect: fill(MANAGE, '201'), request: async (t, h) => { const r = await h.freshReservation(); return { method: 'POST', path: `/v1/reservations/${r.orderId}/${r.reservationId}/roleAssignments`, body: { roleName: 'Reader', principalId: t.principalId } }; } },
  { operationId: 'Access_RemoveReservation', expect: fill(MANAGE, '200'), request: async (t, h) => { const a = await h.freshAssignment('reservation'); return { method: 'DELETE', path: `/v1/reservations/${a.orderId}/${a.reservationId}/roleAssignments/${a.assignmentId}` }; } },
  { operationId: 'Access_ListSubscription', note: 'Subscription access is managed, so listing it needs the managing roles too.', expect: { ...fill(MANAGE, '200'), BA: '403/404' }, request: (t) => ({ method: 'GET', path: `/v1/subscriptions/${t.subscriptionId}/roleAssignments` }) },
  { operationId: 'Access_AddSubscription', expect: { ...fill(MANAGE, '201'), BA: '403/404' }, request: async (t, h) => ({ method: 'POST', path: `/v1/subscriptions/${t.subscriptionId}/roleAssignments`, body: { roleName: 'Reader', principalId: await h.freshPrincipal() } }) },
  { operationId: 'Access_RemoveSubscription', expect: { ...fill(MANAGE, '200'), BA: '403/404' }, request: async (t, h) => { const a = await h.freshAssignment('subscription'); return { method: 'DELETE', path: `/v1/subscriptions/${t.subscriptionId}/roleAssignments/${a.assignmentId}` }; } },

  // ── notifications, webhooks, audit ──
  { operationId: 'Notifications_List', note: 'The caller\'s own notifications.', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/notifications' }) },
  { operationId: 'Notifications_MarkRead', note: 'Another user\'s or an unknown notification is not found.', expect: withAnon({ GA: '404/404', AA: '404/404', SA: '404/404', HA: '404/404', UMA: '404/404', BA: '404/404', IPA: '404/404', RA: '404/404', CO: '404/404', SE: '404/404', PO: '404/404' }), request: () => ({ method: 'POST', path: `/v1/notifications/${newGuid()}/read` }) },
  { operationId: 'NotificationPreferences_Get', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/notificationPreferences' }) },
  { operationId: 'NotificationPreferences_Update', expect: ANY_SIGNED_IN, request: () => ({ method: 'PUT', path: '/v1/notificationPreferences', body: {} }) },
  { operationId: 'Webhooks_List', expect: fill({ ...WEBHOOKS, GA: 'OK/OK', AA: 'OK/OK', IPA: 'OK/OK', RA: 'OK/OK' }, '200'), request: () => ({ method: 'GET', path: '/v1/webhooks' }) },
  { operationId: 'Webhooks_Create', expect: fill({ ...WEBHOOKS, GA: 'OK/OK', AA: 'OK/OK', IPA: 'OK/OK', RA: 'OK/OK' }, '201'), request: () => ({ method: 'POST', path: '/v1/webhooks', body: { url: 'https://hooks.example.org/resdesk', events: [] } }) },
  { operationId: 'Webhooks_Get', expect: fill(WEBHOOKS, '200'), request: async (t, h) => ({ method: 'GET', path: `/v1/webhooks/${await h.freshWebhook()}` }) },
  { operationId: 'Webhooks_Update', expect: fill(WEBHOOKS, '200'), request: async (t, h) => ({ method: 'PATCH', path: `/v1/webhooks/${await h.freshWebhook()}`, body: { description: 'changed' } }) },
  { operationId: 'Webhooks_Delete', expect: fill(WEBHOOKS, '204'), request: async (t, h) => ({ method: 'DELETE', path: `/v1/webhooks/${await h.freshWebhook()}` }) },
  { operationId: 'Webhooks_ListDeliveries', expect: fill(WEBHOOKS, '200'), request: async (t, h) => ({ method: 'GET', path: `/v1/webhooks/${await h.freshWebhook()}/deliveries` }) },
  { operationId: 'Webhooks_Redeliver', note: 'An unknown delivery of a visible webhook is 404 too.', expect: fill(WEBHOOKS, '404'), request: async (t, h) => ({ method: 'POST', path: `/v1/webhooks/${await h.freshWebhook()}/deliveries/${newGuid()}/redeliver` }) },
  { operationId: 'AuditLogs_List', expect: AUDIT, request: (t) => ({ method: 'GET', path: `/v1/auditLogs?customerId=${t.customerId}` }) },
  { operationId: 'AuditLogs_Export', expect: AUDIT, request: (t) => ({ method: 'GET', path: `/v1/auditLogs/export.csv?customerId=${t.customerId}` }) },

  // ── web console: money and support (issue 6) ──
  { operationId: 'Reservations_Customer', note: 'Visible exactly as the reservation is.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/customer` }) },
  {
    operationId: 'SupportRequests_Desk', note: 'The provider desk\'s view with a fresh quote: support engineers and the operator only.',
    expect: withAnon({ GA: '403/403', AA: '403/403', SA: '403/403', HA: '403/403', UMA: '403/403', BA: '403/403', IPA: '403/403', RA: '403/403', CO: '403/403', SE: '200/200', PO: '200/200' }),
    request: async (t, h) => ({ method: 'GET', path: `/v1/supportRequests/${await h.freshSupportRequest(true)}/desk` }),
  },
  // ── web console: partner pages (issue 6) ──
  { operationId: 'Home_Summary', note: 'Every section is narrowed to the caller (a billing admin or the support desk sees empty lists).', expect: ANY_SIGNED_IN, request: () => ({ method: 'GET', path: '/v1/home' }) },
  { operationId: 'Customers_PurchaseOptions', note: 'A read: the answer carries the purchase decisions.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}/purchaseOptions` }) },

  // ── web console: reservation details page (issue 6) ──
  { operationId: 'Reservations_DailyUtilization', note: 'Visible exactly as the reservation is.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/utilization?days=30` }) },
  { operationId: 'Reservations_EffectiveAccess', note: 'The caller\'s own access; visible exactly as the reservation is.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/effectiveAccess` }) },
  { operationId: 'Reservations_AssignablePrincipals', note: 'For those who may manage the reservation\'s access.', expect: fill(MANAGE, '200'), request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/assignablePrincipals` }) },
  // ── web console: foundation (issue 6) ──
  { operationId: 'Auth_DemoAccounts', note: 'Public, and only when the server runs on the demo data (resdesk serve, embedded database); the matrix server is not in demo mode.', expect: same('404'), request: () => ({ method: 'GET', path: '/v1/auth/demoAccounts' }) },
  { operationId: 'Me_UpdatePreferences', note: 'The caller\'s own console language.', expect: ANY_SIGNED_IN, request: () => ({ method: 'PATCH', path: '/v1/me/preferences', body: { language: 'ko' } }) },

  // ── usage reports: Consumption and portfolio (issue 7) ──
  { operationId: 'ReservationsSummaries_ListByReservationOrder', note: 'Visible exactly as the order is (Consumption 2024-08-01).', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationorders/${t.orderId}/providers/Microsoft.Consumption/reservationSummaries?api-version=2024-08-01&grain=monthly` }) },
  { operationId: 'ReservationsSummaries_ListByReservationOrderAndReservation', note: 'Visible exactly as the reservation is.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationorders/${t.orderId}/reservations/${t.reservationId}/providers/Microsoft.Consumption/reservationSummaries?api-version=2024-08-01&grain=daily&$filter=${encodeURIComponent('properties/usageDate ge 2026-11-01 and properties/usageDate le 2026-11-26')}` }) },
  { operationId: 'ReservationsDetails_ListByReservationOrder', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationorders/${t.orderId}/providers/Microsoft.Consumption/reservationDetails?api-version=2024-08-01&$filter=${encodeURIComponent('properties/usageDate ge 2026-11-01 and properties/usageDate le 2026-11-26')}` }) },
  { operationId: 'ReservationsDetails_ListByReservationOrderAndReservation', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `${P}/reservationorders/${t.orderId}/reservations/${t.reservationId}/providers/Microsoft.Consumption/reservationDetails?api-version=2024-08-01&$filter=${encodeURIComponent('properties/usageDate ge 2026-11-01 and properties/usageDate le 2026-11-26')}` }) },
  { operationId: 'Portfolio_Utilization', note: 'Narrowed to the caller\'s tenant; with customerId, a customer the caller cannot see is not found (without it the list is simply narrowed).', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/portfolio/utilization?level=customer&days=30&customerId=${t.customerId}` }) },

  // ── usage advice: exchange proposals and purchase recommendations (issue 7) ──
  { operationId: 'Reservations_ExchangeAdvice', note: 'A read, visible exactly as the reservation is; each proposal\'s quote is there only for callers who may quote the exchange.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/reservations/${t.orderId}/${t.reservationId}/exchangeAdvice?lookBackDays=30` }) },
  { operationId: 'Customers_PurchaseRecommendations', note: 'A read on the customer\'s usage; guests of the customer tenant see none.', expect: CUSTOMER_READ, request: (t) => ({ method: 'GET', path: `/v1/customers/${t.customerId}/purchaseRecommendations?lookBackPeriod=Last30Days` }) },
  {
    operationId: 'ReservationRecommendations_List', note: 'Consumption 2024-08-01 on the subscription; no uncovered AVS usage in the demo data, so a visible subscription answers 204.',
    expect: withAnon({ GA: '204/404', AA: '204/404', SA: '204/404', HA: '204/404', UMA: '204/404', BA: '404/404', IPA: '204/404', RA: '204/404', CO: '204/404', SE: '404/404', PO: '204/204' }),
    request: (t) => ({ method: 'GET', path: `/subscriptions/${t.subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations?api-version=2024-08-01&$filter=${encodeURIComponent("properties/resourceType eq 'AVS' and properties/lookBackPeriod eq 'Last30Days'")}` }),
  },

  // ── usage ingest: usage imports (issue 7) ──
  {
    operationId: 'UsageImports_Create', note: 'Global admins and admin agents import for their own partner, the provider operator for all; the import is scoped to the caller (a foreign customer\'s reservations count as unknown rows), so there is no foreign 404. The body here is an empty reservation-details document.',
    expect: USAGE_IMPORT('202'), request: () => ({ method: 'POST', path: '/v1/usageImports?fileName=details.json', body: { value: [] } }),
  },
  { operationId: 'UsageImports_List', note: 'Narrowed to the caller\'s partner (the operator sees all).', expect: USAGE_IMPORT('200'), request: () => ({ method: 'GET', path: '/v1/usageImports' }) },
  { operationId: 'UsageImports_Get', note: 'An import id nobody made: those who may import are told it is not found, others that they may not.', expect: USAGE_IMPORT('404'), request: () => ({ method: 'GET', path: '/v1/usageImports/00000000-0000-4000-8000-000000000007' }) },
];
