import type { Reservation } from './api-types.ts';
import { details, formatDate, table } from './output.ts';

const ORDER_SEGMENT = /\/reservationorders\/([^/]+)\/reservations\/([^/?#]+)/i;

/** "<orderId>/<reservationId>", the handle `reservations show` takes, from a reservation's resource id. */
export function reservationRef(r: Reservation): string {
  const m = ORDER_SEGMENT.exec(r.id);
  return m ? `${m[1]}/${m[2]}` : r.name;
}

/**
 * The order and reservation ids in what the user typed: "<orderId>/<reservationId>" or the full
 * Azure resource id "/providers/Microsoft.Capacity/reservationOrders/<o>/reservations/<r>".
 */
export function parseReservationRef(text: string): { orderId: string; reservationId: string } | undefined {
  const value = text.trim();
  const full = ORDER_SEGMENT.exec(value);
  if (full) return { orderId: full[1]!, reservationId: full[2]! };
  const short = /^([^/\s]+)\/([^/\s]+)$/.exec(value);
  return short ? { orderId: short[1]!, reservationId: short[2]! } : undefined;
}

export function reservationTable(items: readonly Reservation[]): string[] {
  return table(items, [
    { header: 'reservation', value: reservationRef },
    { header: 'name', value: (r) => r.properties.displayName },
    { header: 'type', value: (r) => r.properties.reservedResourceType },
    { header: 'sku', value: (r) => r.sku.name },
    { header: 'location', value: (r) => r.location },
    { header: 'qty', value: (r) => r.properties.quantity, align: 'right' },
    { header: 'state', value: (r) => r.properties.displayProvisioningState },
    { header: 'term', value: (r) => r.properties.term },
    { header: 'expires', value: (r) => formatDate(r.properties.expiryDateTime) },
  ]);
}

export function reservationDetails(r: Reservation): string[] {
  const p = r.properties;
  const scope = p.appliedScopeType === 'Shared'
    ? 'Shared'
    : [p.userFriendlyAppliedScopeType ?? p.appliedScopeType, ...(p.appliedScopes ?? [])].join(' ');
  const utilization = p.utilization?.aggregates.length
    ? `${p.utilization.aggregates.map((a) => `${a.value}% over ${a.grain} day${a.grain === 1 ? '' : 's'}`).join(', ')} (trend ${p.utilization.trend.toLowerCase()})`
    : undefined;
  const lines = details([
    ['Reservation', p.displayName],
    ['Id', reservationRef(r)],
    ['Resource id', r.id],
    ['Type', p.reservedResourceType],
    ['SKU', r.sku.name],
    ['Location', r.location],
    ['Quantity', p.quantity],
    ['State', p.displayProvisioningState === p.provisioningState ? p.provisioningState : `${p.displayProvisioningState} (${p.provisioningState})`],
    ['Scope', scope],
    ['Instance flexibility', p.instanceFlexibility],
    ['Term', `${p.term}, billed ${p.billingPlan}`],
    ['Renew', p.userFriendlyRenewState ?? (p.renew ? 'On' : 'Off')],
    ['Billing scope', p.billingScopeId],
    ['Purchased', formatDate(p.purchaseDateTime)],
    ['Benefit start', formatDate(p.benefitStartTime)],
    ['Expires', formatDate(p.expiryDateTime)],
    ['Utilization', utilization],
    ['Archived', p.archived ? 'yes' : undefined],
  ]);
  return lines;
}
