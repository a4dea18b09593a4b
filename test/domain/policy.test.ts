import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  PARTNER_ROLES,
  RESERVATION_ACTIONS,
  canSeeCustomer,
  decideReservationAction,
  decideToggleCustomerPurchase,
  reservationActions,
  tenantScopeOf,
  type Actor,
  type CustomerRelation,
  type PartnerRole,
  type ReservationAction,
} from '../../src/domain/policy.ts';
import type { PartnerType } from '../../src/domain/tenancy.ts';

// Tenancy used throughout:
//   direct-bill partner P-DIRECT  → customer C-DIRECT
//   indirect provider  P-DISTI    → its resellers R-ONE and R-TWO → customers C-ONE (of R-ONE), C-TWO (of R-TWO)
const P_DIRECT = 'partner-direct';
const P_DISTI = 'partner-disti';
const R_ONE = 'reseller-one';
const R_TWO = 'reseller-two';

const customer = (id: string, partnerId: string, resellerId: string | null, customerMayBuy = false): CustomerRelation => ({
  id, partnerId, resellerId, customerMayBuy,
});
const C_DIRECT = customer('cust-direct', P_DIRECT, null);
const C_ONE = customer('cust-one', P_DISTI, R_ONE);
const C_TWO = customer('cust-two', P_DISTI, R_TWO);

const partner = (partnerId: string, partnerType: PartnerType, ...roles: PartnerRole[]): Actor => ({
  kind: 'partner', userId: `u-${partnerId}-${roles.join('+')}`, name: 'Partner user', partnerId, partnerType, roles,
});
const direct = (...roles: PartnerRole[]) => partner(P_DIRECT, 'DirectBill', ...roles);
const disti = (...roles: PartnerRole[]) => partner(P_DISTI, 'IndirectProvider', ...roles);
const reseller = (id: string, ...roles: PartnerRole[]) => partner(id, 'IndirectReseller', ...roles);
const providerAdmin: Actor = { kind: 'provider', userId: 'pa', name: 'Provider admin', roles: ['ProviderAdmin'] };
const supportEngineer: Actor = { kind: 'provider', userId: 'se', name: 'Support engineer', roles: ['SupportEngineer'] };
const customerUser = (customerId: string): Actor => ({ kind: 'customer', userId: `cu-${customerId}`, name: 'Customer user', customerId, roles: ['CustomerUser'] });

const MANAGE_ACTIONS: ReservationAction[] = RESERVATION_ACTIONS.filter((a) => a !== 'read' && a !== 'purchase');

function decide(actor: Actor, action: ReservationAction, c: CustomerRelation = C_DIRECT, hasSubscriptionAccess?: boolean) {
  return decideReservationAction(actor, action, { customer: c, hasSubscriptionAccess });
}
function assertAllowed(actor: Actor, action: ReservationAction, c?: CustomerRelation, sub?: boolean) {
  const d = decide(actor, action, c, sub);
  assert.equal(d.allowed, true, `${action} should be allowed, got: ${d.reason}`);
  assert.equal(d.reason, undefined);
}
function assertDenied(actor: Actor, action: ReservationAction, c?: CustomerRelation, sub?: boolean, reason?: RegExp) {
  const d = decide(actor, action, c, sub);
  assert.equal(d.allowed, false, `${action} should be refused`);
  assert.ok(d.reason && d.reason.length > 0, 'a refusal carries a reason');
  if (reason) assert.match(d.reason, reason);
}

describe('canSeeCustomer', () => {
  test('a direct-bill partner sees its own customers only', () => {
    assert.equal(canSeeCustomer(direct('AdminAgent'), C_DIRECT), true);
    assert.equal(canSeeCustomer(direct('AdminAgent'), C_ONE), false);
  });

  test('an indirect provider sees the customers of all its resellers', () => {
    assert.equal(canSeeCustomer(disti('AdminAgent'), C_ONE), true);
    assert.equal(canSeeCustomer(disti('AdminAgent'), C_TWO), true);
    assert.equal(canSeeCustomer(disti('AdminAgent'), C_DIRECT), false);
  });

  test('a reseller sees only customers whose resellerId is itself', () => {
    assert.equal(canSeeCustomer(reseller(R_ONE, 'AdminAgent'), C_ONE), true);
    assert.equal(canSeeCustomer(reseller(R_ONE, 'AdminAgent'), C_TWO), false);
    assert.equal(canSeeCustomer(reseller(R_ONE, 'AdminAgent'), C_DIRECT), false);
    // a reseller whose id happens to be a customer's billing partner still does not see it
    assert.equal(canSeeCustomer(reseller(P_DISTI, 'AdminAgent'), C_ONE), false);
  });

  test('a customer user sees its own tenant only', () => {
    assert.equal(canSeeCustomer(customerUser(C_ONE.id), C_ONE), true);
    assert.equal(canSeeCustomer(customerUser(C_ONE.id), C_TWO), false);
  });

  test('the provider admin sees everyone; a support engineer sees no partner customer', () => {
    for (const c of [C_DIRECT, C_ONE, C_TWO]) {
      assert.equal(canSeeCustomer(providerAdmin, c), true);
      assert.equal(canSeeCustomer(supportEngineer, c), false);
    }
  });
});

describe('decideReservationAction: partner roles (rules §1 table)', () => {
  test('global admin and admin agent: view, buy and manage everything', () => {
    for (const actor of [direct('GlobalAdmin'), direct('AdminAgent')]) {
      for (const a of RESERVATION_ACTIONS) assertAllowed(actor, a);
    }
  });

  test('admin agent may return without any subscription access (AOBO)', () => {
    assertAllowed(direct('AdminAgent'), 'return', C_DIRECT, false);
    assertAllowed(direct('AdminAgent'), 'exchange', C_DIRECT, undefined);
  });

  test('helpdesk agent may not return without subscription access, but may with it', () => {
    assertDenied(direct('HelpdeskAgent'), 'return', C_DIRECT, false, /explicit access/);
    assertDenied(direct('HelpdeskAgent'), 'return', C_DIRECT, undefined, /explicit access/);
    assertAllowed(direct('HelpdeskAgent'), 'return', C_DIRECT, true);
  });

  test('helpdesk agent: view yes, buy no (even with subscription access)', () => {
    assertAllowed(direct('HelpdeskAgent'), 'read');
    assertDenied(direct('HelpdeskAgent'), 'purchase', C_DIRECT, false, /Sales agent/);
    assertDenied(direct('HelpdeskAgent'), 'purchase', C_DIRECT, true);
  });

  test('sales and helpdesk agents: every management action is gated on subscription access', () => {
    for (const role of ['SalesAgent', 'HelpdeskAgent'] as const) {
      for (const a of MANAGE_ACTIONS) {
        assertDenied(direct(role), a, C_DIRECT, false);
        assertAllowed(direct(role), a, C_DIRECT, true);
      }
    }
  });

  test('sales agent may buy, with or without subscription access', () => {
    assertAllowed(direct('SalesAgent'), 'purchase', C_DIRECT, false);
    assertAllowed(direct('SalesAgent'), 'purchase', C_DIRECT, true);
    assertAllowed(direct('SalesAgent'), 'read');
  });

  test('user management admin: view only; subscription access does not help', () => {
    assertAllowed(direct('UserManagementAdmin'), 'read');
    assertDenied(direct('UserManagementAdmin'), 'purchase');
    for (const a of MANAGE_ACTIONS) assertDenied(direct('UserManagementAdmin'), a, C_DIRECT, true);
  });

  test('billing admin: no reservations at all (our default)', () => {
    for (const a of RESERVATION_ACTIONS) assertDenied(direct('BillingAdmin'), a, C_DIRECT, true);
  });

  test('a user without roles may do nothing', () => {
    for (const a of RESERVATION_ACTIONS) assertDenied(direct(), a, C_DIRECT, true);
  });

  test('roles add up: helpdesk + sales can buy; billing admin + admin agent can manage', () => {
    assertAllowed(direct('HelpdeskAgent', 'SalesAgent'), 'purchase');
    assertAllowed(direct('BillingAdmin', 'AdminAgent'), 'return', C_DIRECT, false);
    assertAllowed(direct('BillingAdmin', 'HelpdeskAgent'), 'read');
  });

  test('an indirect provider manages its resellers\' customers like a direct-bill partner', () => {
    for (const a of RESERVATION_ACTIONS) {
      assertAllowed(disti('AdminAgent'), a, C_ONE);
      assertAllowed(disti('AdminAgent'), a, C_TWO);
    }
    assertDenied(disti('HelpdeskAgent'), 'exchange', C_ONE, false);
    assertAllowed(disti('HelpdeskAgent'), 'exchange', C_ONE, true);
  });

  test('an indirect reseller reads its customers\' reservations but cannot buy or manage them, whatever its roles', () => {
    const r = reseller(R_ONE, 'GlobalAdmin', 'AdminAgent', 'SalesAgent');
    assertAllowed(r, 'read', C_ONE);
    assertAllowed(reseller(R_ONE), 'read', C_ONE);
    assertDenied(r, 'purchase', C_ONE, true, /Indirect resellers/);
    for (const a of MANAGE_ACTIONS) assertDenied(r, a, C_ONE, true, /Indirect resellers/);
  });

  test('nothing at all on a customer the partner cannot see, not even with subscription access', () => {
    for (const a of RESERVATION_ACTIONS) {
      assertDenied(direct('GlobalAdmin'), a, C_ONE, true, /not visible/);
      assertDenied(reseller(R_ONE, 'AdminAgent'), a, C_TWO, true, /not visible/);
      assertDenied(disti('GlobalAdmin'), a, C_DIRECT, true, /not visible/);
    }
  });
});

describe('decideReservationAction: customers and the provider', () => {
  test('a customer user may buy only when the partner allows it', () => {
    const mayBuy = { ...C_DIRECT, customerMayBuy: true };
    assertDenied(customerUser(C_DIRECT.id), 'purchase', C_DIRECT, undefined, /not allowed you to buy/);
    assertAllowed(customerUser(C_DIRECT.id), 'purchase', mayBuy);
  });

  test('a customer user reads its reservations but never returns, exchanges, renews or rescopes them', () => {
    const mayBuy = { ...C_DIRECT, customerMayBuy: true };
    assertAllowed(customerUser(C_DIRECT.id), 'read', C_DIRECT);
    for (const a of MANAGE_ACTIONS) assertDenied(customerUser(C_DIRECT.id), a, mayBuy, true, /ask your partner/);
  });

  test('a customer user cannot act on another customer, even one that may buy', () => {
    const other = { ...C_ONE, customerMayBuy: true };
    assertDenied(customerUser(C_DIRECT.id), 'purchase', other);
    assertDenied(customerUser(C_DIRECT.id), 'read', other);
  });

  test('provider support engineer sees nothing of partners\' customers', () => {
    for (const c of [C_DIRECT, C_ONE]) {
      for (const a of RESERVATION_ACTIONS) assertDenied(supportEngineer, a, c, true, /not visible/);
    }
  });

  test('provider admin reads but does not change partners\' reservations', () => {
    assertAllowed(providerAdmin, 'read', C_ONE);
    assertDenied(providerAdmin, 'purchase', C_ONE);
    for (const a of MANAGE_ACTIONS) assertDenied(providerAdmin, a, C_DIRECT, true, /support desk/);
  });
});

describe('reservationActions', () => {
  test('answers every action, consistently with decideReservationAction', () => {
    const facts = { customer: C_DIRECT, hasSubscriptionAccess: false };
    const all = reservationActions(direct('HelpdeskAgent'), facts);
    assert.deepEqual(Object.keys(all).sort(), [...RESERVATION_ACTIONS].sort());
    for (const a of RESERVATION_ACTIONS) assert.deepEqual(all[a], decideReservationAction(direct('HelpdeskAgent'), a, facts));
    assert.equal(all.read.allowed, true);
    assert.equal(all.purchase.allowed, false);
    assert.equal(all.return.allowed, false);
  });
});

describe('decideToggleCustomerPurchase', () => {
  test('only global admins and admin agents of the customer\'s partner may toggle', () => {
    assert.deepEqual(decideToggleCustomerPurchase(direct('GlobalAdmin'), C_DIRECT), { allowed: true });
    assert.deepEqual(decideToggleCustomerPurchase(direct('AdminAgent'), C_DIRECT), { allowed: true });
    assert.deepEqual(decideToggleCustomerPurchase(disti('AdminAgent'), C_ONE), { allowed: true });
  });

  test('sales and helpdesk agents are read-only; other roles have no say', () => {
    for (const role of PARTNER_ROLES.filter((r) => r !== 'GlobalAdmin' && r !== 'AdminAgent')) {
      const d = decideToggleCustomerPurchase(direct(role), C_DIRECT);
      assert.equal(d.allowed, false, role);
      assert.match(d.reason ?? '', /Only admin agents and global admins/);
    }
  });

  test('resellers, customers and the provider cannot toggle', () => {
    assert.equal(decideToggleCustomerPurchase(reseller(R_ONE, 'AdminAgent'), C_ONE).allowed, false);
    assert.equal(decideToggleCustomerPurchase(customerUser(C_DIRECT.id), C_DIRECT).allowed, false);
    assert.equal(decideToggleCustomerPurchase(providerAdmin, C_DIRECT).allowed, false);
    assert.equal(decideToggleCustomerPurchase(supportEngineer, C_DIRECT).allowed, false);
  });

  test('an admin agent of another partner cannot toggle', () => {
    const d = decideToggleCustomerPurchase(direct('AdminAgent'), C_ONE);
    assert.equal(d.allowed, false);
    assert.match(d.reason ?? '', /not visible/);
  });
});

describe('tenantScopeOf', () => {
  test('provider admin sees all, support engineer none', () => {
    assert.deepEqual(tenantScopeOf(providerAdmin), { kind: 'all' });
    assert.deepEqual(tenantScopeOf(supportEngineer), { kind: 'none' });
  });

  test('partners are narrowed to their own partner id', () => {
    assert.deepEqual(tenantScopeOf(direct('HelpdeskAgent')), { kind: 'partner', partnerId: P_DIRECT });
    assert.deepEqual(tenantScopeOf(disti('AdminAgent')), { kind: 'partner', partnerId: P_DISTI });
  });

  test('a reseller is narrowed to the customers it sold to', () => {
    assert.deepEqual(tenantScopeOf(reseller(R_ONE, 'AdminAgent')), { kind: 'reseller', partnerId: R_ONE });
  });

  test('a customer user is narrowed to its tenant', () => {
    assert.deepEqual(tenantScopeOf(customerUser('cust-one')), { kind: 'customer', customerId: 'cust-one' });
  });

  test('a billing admin alone, or no role at all, sees no reservation rows', () => {
    assert.deepEqual(tenantScopeOf(direct('BillingAdmin')), { kind: 'none' });
    assert.deepEqual(tenantScopeOf(direct()), { kind: 'none' });
    assert.deepEqual(tenantScopeOf(direct('BillingAdmin', 'SalesAgent')), { kind: 'partner', partnerId: P_DIRECT });
  });
});
