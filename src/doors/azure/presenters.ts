import { typeRules } from '../../domain/catalog.ts';
import { toMajorNumber, type Money } from '../../domain/money.ts';
import { displayStateOf, renewStateOf, scopeKindOf, type PaymentInstalment, type Reservation, type ReservationOrder } from '../../domain/reservation.ts';
import type { UtilizationSummary } from '../../domain/utilization.ts';
import type { CatalogEntry } from '../../services/catalog-service.ts';
import type { ResolvedPurchase } from '../../services/purchase-service.ts';
import type { ReservationView } from '../../services/reservation-service.ts';
import type { Term } from '../../domain/catalog.ts';

/** Azure wire shapes (Microsoft.Capacity 2022-11-01) built from engine objects. */

export const orderResourceId = (orderId: string) => `/providers/microsoft.capacity/reservationOrders/${orderId}`;
export const reservationResourceId = (orderId: string, id: string) => `${orderResourceId(orderId)}/reservations/${id}`;

export const price = (m: Money) => ({ currencyCode: m.currency, amount: toMajorNumber(m) });
const dateOnly = (iso: string) => iso.slice(0, 10);

export function presentReservation(view: ReservationView | Reservation, now: Date, nameStyle: 'short' | 'qualified' = 'short') {
  const r = 'reservation' in view ? view.reservation : view;
  const utilization: UtilizationSummary | null = 'reservation' in view ? view.utilization : null;
  const qualify = (id: string | null) => (id ? reservationResourceId(r.orderId, id) : undefined);
  const properties: Record<string, unknown> = {
    reservedResourceType: r.resourceType,
    instanceFlexibility: r.instanceFlexibility ?? undefined,
    displayName: r.displayName,
    appliedScopes: r.appliedScopes.length ? r.appliedScopes : undefined,
    appliedScopeType: r.appliedScopeType,
    appliedScopeProperties: r.appliedScopeProperties ?? undefined,
    archived: r.archived,
    capabilities: 'ApiReturnEnabled,ApiExchangeEnabled',
    quantity: r.quantity,
    provisioningState: r.provisioningState,
    effectiveDateTime: r.effectiveAt,
    benefitStartTime: r.benefitStartAt,
    lastUpdatedDateTime: r.lastUpdatedAt,
    expiryDate: dateOnly(r.expiryAt),
    expiryDateTime: r.expiryAt,
    purchaseDate: dateOnly(r.purchaseAt),
    purchaseDateTime: r.purchaseAt,
    skuDescription: r.skuName,
    displayProvisioningState: displayStateOf(r, now),
    provisioningSubState: undefined,
    billingScopeId: r.billingScopeId,
    term: r.term,
    billingPlan: r.billingPlan,
    renew: r.renew,
    renewSource: qualify(r.renewSource),
    renewDestination: qualify(r.renewDestination),
    userFriendlyAppliedScopeType: scopeKindOf(r),
    userFriendlyRenewState: renewStateOf(r),
    splitProperties: r.splitSource || r.splitDestinations.length
      ? { splitSource: qualify(r.splitSource), splitDestinations: r.splitDestinations.map((d) => qualify(d)) }
      : undefined,
    mergeProperties: r.mergeDestination || r.mergeSources.length
      ? { mergeDestination: qualify(r.mergeDestination), mergeSources: r.mergeSources.map((d) => qualify(d)) }
      : undefined,
    utilization: utilization ?? undefined,
  };
  return {
    id: reservationResourceId(r.orderId, r.id),
    name: nameStyle === 'short' ? r.id : `${r.orderId}/${r.id}`,
    type: 'Microsoft.Capacity/reservationOrders/reservations',
    etag: r.etag,
    location: r.location,
    sku: { name: r.skuName },
    kind: typeRules(r.resourceType).kind,
    properties,
  };
}

function presentPayment(p: PaymentInstalment, billingAccount: string) {
  return {
    dueDate: p.dueDate,
    paymentDate: p.paymentDate ?? undefined,
    pricingCurrencyTotal: price(p.amount),
    billingCurrencyTotal: price(p.amount),
    billingAccount,
    status: p.status,
  };
}

export function presentOrder(o: ReservationOrder, reservations: Reservation[], now: Date, payments?: PaymentInstalment[]) {
  const total: Money = { currency: o.currency as Money['currency'], minor: o.totalMinor };
  const nextDue = payments?.find((p) => p.status === 'Scheduled');
  return {
    etag: o.etag,
    id: orderResourceId(o.id),
    name: o.id,
    type: 'Microsoft.Capacity/reservationOrders',
    properties: {
      displayName: o.displayName,
      requestDateTime: o.requestedAt,
      createdDateTime: o.createdAt,
      expiryDate: dateOnly(o.expiryAt),
      expiryDateTime: o.expiryAt,
      benefitStartTime: o.benefitStartAt,
      originalQuantity: o.originalQuantity,
      term: o.term,
      provisioningState: o.provisioningState,
      billingPlan: o.billingPlan,
      planInformation: payments
        ? {
            pricingCurrencyTotal: price(total),
            startDate: dateOnly(o.createdAt),
            nextPaymentDueDate: nextDue?.dueDate,
            transactions: payments.map((p) => presentPayment(p, o.billingScopeId)),
          }
        : undefined,
      reservations: reservations.map((r) => presentReservation(r, now)),
    },
  };
}

export function presentCalculatePrice(orderId: string, r: ResolvedPurchase) {
  return {
    properties: {
      billingCurrencyTotal: price(r.total),
      netTotal: toMajorNumber(r.total),
      taxTotal: 0,
      grandTotal: toMajorNumber(r.total),
      isTaxIncluded: false,
      isBillingPartnerManaged: true,
      reservationOrderId: orderId,
      skuTitle: r.sku.title,
      skuDescription: `${r.sku.title}, ${r.location}, ${r.term}`,
      pricingCurrencyTotal: price(r.total),
      paymentSchedule: r.schedule.map((p) => presentPayment(p, `/subscriptions/${r.subscriptionId}`)),
    },
  };
}

export function presentCatalogItem(e: CatalogEntry) {
  const msrp: Record<string, unknown> = {};
  for (const term of e.terms) {
    const upfront = e.prices[term]?.Upfront ?? e.prices[term]?.Monthly;
    if (upfront) msrp[msrpKey(term)] = price(upfront);
  }
  return {
    resourceType: typeRules(e.resourceType).catalogName,
    name: e.sku.name,
    tier: e.sku.properties.tier,
    size: e.sku.properties.size,
    terms: e.terms,
    billingPlans: e.billingPlans,
    locations: [e.location],
    skuProperties: Object.entries(e.sku.properties).map(([name, value]) => ({ name, value })),
    capabilities: e.sku.flexGroup
      ? [{ name: 'InstanceFlexibilityGroup', value: e.sku.flexGroup }, { name: 'InstanceFlexibilityRatio', value: String(e.sku.flexRatio) }]
      : [],
    msrp,
    restrictions: [],
  };
}

const msrpKey = (term: Term) => ({ P1Y: 'p1Y', P3Y: 'p3Y', P5Y: 'p5Y' })[term];
