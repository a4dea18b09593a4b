import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AzureRoleName } from '../../src/domain/azure-roles.ts';
import { decideManagementGroupRead, decideReservationAction, tenantScopeOf, type Actor, type CustomerRelation, type ReservationAction } from '../../src/domain/policy.ts';

// The Azure-role dimension of the policy (rules §1), next to the partner-role rules it must not change.
const C: CustomerRelation = { id: 'cust', partnerId: 'p', resellerId: 'r', customerMayBuy: true };
const customerUser: Actor = { kind: 'customer', userId: 'cu', name: 'c', customerId: 'cust', roles: ['CustomerUser'] };
const guest: Actor = { kind: 'customer', userId: 'g', name: 'g', customerId: 'cust', roles: ['GuestUser'] };
const helpdesk: Actor = { kind: 'partner', userId: 'h', name: 'h', partnerId: 'p', partnerType: 'DirectBill', roles: ['HelpdeskAgent'] };
const billing: Actor = { kind: 'partner', userId: 'b', name: 'b', partnerId: 'p', partnerType: 'DirectBill', roles: ['BillingAdmin'] };
const reseller: Actor = { kind: 'partner', userId: 'rs', name: 'rs', partnerId: 'r', partnerType: 'IndirectReseller', roles: ['AdminAgent'] };
const admin: Actor = { kind: 'partner', userId: 'a', name: 'a', partnerId: 'p', partnerType: 'DirectBill', roles: ['AdminAgent'] };

const ok = (actor: Actor, action: ReservationAction, roles: AzureRoleName[] = [], sub = false) =>
  decideReservationAction(actor, action, { customer: C, azureRoles: roles, hasSubscriptionAccess: sub }).allowed;

describe('policy: Azure roles on the order', () => {
  test('customer users: manage roles allow split, merge, rename, archive; delegation only for Owner and Reservations Administrator; never the CSP-only actions', () => {
    for (const role of ['Owner', 'Contributor', 'Reservations Administrator', 'Reservations Contributor'] as const) {
      for (const a of ['split', 'merge', 'rename', 'archive'] as const) assert.equal(ok(customerUser, a, [role]), true, `${role} ${a}`);
      for (const a of ['return', 'exchange', 'renew', 'updateScope', 'createSupportRequest'] as const) assert.equal(ok(customerUser, a, [role]), false, `${role} ${a}`);
      assert.equal(ok(customerUser, 'manageAccess', [role]), role === 'Owner' || role === 'Reservations Administrator', `${role} manageAccess`);
    }
    for (const role of ['Reader', 'Reservations Reader', 'Reservation Purchaser'] as const) assert.equal(ok(customerUser, 'split', [role]), false, role);
    assert.equal(ok(customerUser, 'purchase'), true, 'customer-may-buy is unchanged');
  });

  test('guests see and do nothing without a role; a reader role lets them read only', () => {
    for (const a of ['read', 'purchase', 'split', 'rename'] as const) assert.equal(ok(guest, a), false, a);
    assert.equal(ok(guest, 'read', ['Reservations Reader']), true);
    assert.equal(ok(guest, 'read', ['Reservation Purchaser']), false, 'a purchaser role is not a read role');
    assert.equal(ok(guest, 'rename', ['Reader']), false);
    assert.equal(ok(guest, 'rename', ['Contributor']), true);
    assert.deepEqual(tenantScopeOf(guest), { kind: 'none' });
    assert.deepEqual(tenantScopeOf(customerUser), { kind: 'customer', customerId: 'cust' });
  });

  test('partner users: an explicit role adds to the partner-role rules; resellers stay read-only', () => {
    assert.equal(ok(helpdesk, 'split'), false);
    assert.equal(ok(helpdesk, 'split', [], true), true, 'subscription access');
    assert.equal(ok(helpdesk, 'split', ['Contributor']), true, 'explicit role on the order');
    assert.equal(ok(helpdesk, 'manageAccess', ['Contributor']), false, 'Contributor does not delegate');
    assert.equal(ok(helpdesk, 'manageAccess', ['Owner']), true);
    assert.equal(ok(billing, 'read'), false);
    assert.equal(ok(billing, 'read', ['Reader']), true);
    assert.equal(ok(reseller, 'split', ['Owner']), false);
    assert.equal(ok(admin, 'return'), true, 'AOBO needs no assignment');
  });

  test('management group read: AOBO admins, or an assignment on the group', () => {
    assert.equal(decideManagementGroupRead(admin, C, false).allowed, true);
    assert.equal(decideManagementGroupRead(helpdesk, C, false).allowed, false);
    assert.equal(decideManagementGroupRead(helpdesk, C, true).allowed, true);
    assert.equal(decideManagementGroupRead(reseller, C, false).allowed, false);
  });
});
