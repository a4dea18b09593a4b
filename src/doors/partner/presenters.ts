import type { Decision, ReservationAction } from '../../domain/policy.ts';
import { toMajorNumber } from '../../domain/money.ts';
import type { AzureSubscription, Customer } from '../../domain/tenancy.ts';
import type { CatalogEntry } from '../../services/catalog-service.ts';
import { typeRules } from '../../domain/catalog.ts';

export function presentCustomer(c: Customer, extra: Record<string, unknown> = {}) {
  return {
    id: c.id,
    companyProfile: {
      tenantId: c.id,
      domain: c.primaryDomain,
      companyName: c.companyName,
      country: c.country,
      attributes: { objectType: 'CustomerCompanyProfile' },
    },
    relationshipToPartner: c.resellerId ? 'reseller' : 'none',
    partnerId: c.partnerId,
    resellerId: c.resellerId ?? undefined,
    customerMayBuyReservations: c.customerMayBuy,
    ...extra,
    attributes: { objectType: 'Customer' },
  };
}

export function presentSubscription(s: AzureSubscription, resourceGroups: Array<{ name: string; location: string }>, managementGroupIds: string[]) {
  return {
    id: s.id,
    friendlyName: s.displayName,
    offerName: 'Azure plan',
    azurePlanId: s.planId,
    status: s.state,
    resourceGroups: resourceGroups.map((g) => ({ id: `/subscriptions/${s.id}/resourceGroups/${g.name}`, name: g.name, location: g.location })),
    managementGroups: managementGroupIds.map((id) => `/providers/Microsoft.Management/managementGroups/${id}`),
    attributes: { objectType: 'AzureSubscription' },
  };
}

/** The caller's permissions in the console's terms: each action with allowed and, if not, why. */
export function presentActions(actions: Record<ReservationAction, Decision> | undefined) {
  if (!actions) return undefined;
  return Object.fromEntries(Object.entries(actions).map(([k, d]) => [k, d.allowed ? { allowed: true } : { allowed: false, reason: d.reason }]));
}

export function presentCatalogEntry(e: CatalogEntry) {
  return {
    id: e.id,
    reservedResourceType: e.resourceType,
    skuName: e.sku.name,
    title: e.sku.title,
    location: e.location,
    terms: e.terms,
    billingPlans: e.billingPlans,
    instanceFlexibilityGroup: e.sku.flexGroup ?? undefined,
    instanceFlexibilityRatio: e.sku.flexRatio ?? undefined,
    exchangeGroup: typeRules(e.resourceType).exchangeGroup,
    prices: Object.fromEntries(Object.entries(e.prices).map(([term, plans]) => [
      term,
      Object.fromEntries(Object.entries(plans ?? {}).map(([plan, m]) => [plan, { currencyCode: m.currency, amount: toMajorNumber(m) }])),
    ])),
    attributes: { objectType: 'CatalogItem' },
  };
}
