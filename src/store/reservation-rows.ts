import type { Selectable } from 'kysely';
import type { BillingPlan, ReservedResourceType, Term } from '../domain/catalog.ts';
import type { AppliedScopeType, ProvisioningState, Reservation, ReservationOrder } from '../domain/reservation.ts';
import { scopeKindOf } from '../domain/reservation.ts';
import type { ReservationOrdersTable, ReservationsTable } from './schema.ts';

/** Row ↔ domain mapping for orders and reservations; the only place that knows the column layout. */

export function reservationFromRow(r: Selectable<ReservationsTable>): Reservation {
  return {
    id: r.id,
    orderId: r.order_id,
    customerId: r.customer_id,
    partnerId: r.partner_id,
    resellerId: r.reseller_id,
    resourceType: r.resource_type as ReservedResourceType,
    skuName: r.sku_name,
    location: r.location,
    quantity: r.quantity,
    displayName: r.display_name,
    appliedScopeType: r.applied_scope_type as AppliedScopeType,
    appliedScopes: JSON.parse(r.applied_scopes) as string[],
    appliedScopeProperties: r.applied_scope_properties ? JSON.parse(r.applied_scope_properties) : null,
    instanceFlexibility: (r.instance_flexibility as 'On' | 'Off' | null) ?? null,
    provisioningState: r.provisioning_state as ProvisioningState,
    archived: r.archived === 1,
    renew: r.renew === 1,
    term: r.term as Term,
    billingPlan: r.billing_plan as BillingPlan,
    billingScopeId: r.billing_scope_id,
    purchaseAt: r.purchase_at,
    benefitStartAt: r.benefit_start_at,
    effectiveAt: r.effective_at,
    expiryAt: r.expiry_at,
    lastUpdatedAt: r.last_updated_at,
    splitSource: r.split_source,
    splitDestinations: JSON.parse(r.split_destinations) as string[],
    mergeSources: JSON.parse(r.merge_sources) as string[],
    mergeDestination: r.merge_destination,
    renewSource: r.renew_source,
    renewDestination: r.renew_destination,
    etag: r.etag,
  };
}

export function reservationToRow(r: Reservation): Selectable<ReservationsTable> {
  return {
    id: r.id,
    order_id: r.orderId,
    customer_id: r.customerId,
    partner_id: r.partnerId,
    reseller_id: r.resellerId,
    resource_type: r.resourceType,
    sku_name: r.skuName,
    location: r.location,
    quantity: r.quantity,
    display_name: r.displayName,
    applied_scope_type: r.appliedScopeType,
    applied_scopes: JSON.stringify(r.appliedScopes),
    applied_scope_properties: r.appliedScopeProperties ? JSON.stringify(r.appliedScopeProperties) : null,
    scope_kind: scopeKindOf(r),
    instance_flexibility: r.instanceFlexibility,
    provisioning_state: r.provisioningState,
    archived: r.archived ? 1 : 0,
    renew: r.renew ? 1 : 0,
    term: r.term,
    billing_plan: r.billingPlan,
    billing_scope_id: r.billingScopeId,
    purchase_at: r.purchaseAt,
    benefit_start_at: r.benefitStartAt,
    effective_at: r.effectiveAt,
    expiry_at: r.expiryAt,
    last_updated_at: r.lastUpdatedAt,
    split_source: r.splitSource,
    split_destinations: JSON.stringify(r.splitDestinations),
    merge_sources: JSON.stringify(r.mergeSources),
    merge_destination: r.mergeDestination,
    renew_source: r.renewSource,
    renew_destination: r.renewDestination,
    etag: r.etag,
  };
}

export function orderFromRow(o: Selectable<ReservationOrdersTable>): ReservationOrder {
  return {
    id: o.id,
    customerId: o.customer_id,
    partnerId: o.partner_id,
    resellerId: o.reseller_id,
    displayName: o.display_name,
    billingScopeId: o.billing_scope_id,
    term: o.term as Term,
    billingPlan: o.billing_plan as BillingPlan,
    originalQuantity: o.original_quantity,
    requestedAt: o.requested_at,
    createdAt: o.created_at,
    benefitStartAt: o.benefit_start_at,
    expiryAt: o.expiry_at,
    provisioningState: o.provisioning_state as ProvisioningState,
    currency: o.currency,
    unitPriceMinor: o.unit_price_minor,
    totalMinor: o.total_minor,
    etag: o.etag,
  };
}
