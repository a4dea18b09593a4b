import { createHash } from 'node:crypto';
import { z } from 'zod';
import { parseResourceType, typeRules, type ReservedResourceType } from '../../domain/catalog.ts';
import { badRequest, notFound } from '../../domain/errors.ts';
import { toMajorNumber } from '../../domain/money.ts';
import { parseFilter, type FilterNode } from '../../domain/odata-filter.ts';
import {
  LOOK_BACK_PERIODS, subscriptionPurchaseRecommendations, type LookBackPeriod, type PurchaseRecommendation, type RecommendationQuery, type RecommendationScope,
} from '../../services/advice/purchase-advice.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { CONSUMPTION_API_VERSIONS } from './consumption-routes.ts';

/**
 * Microsoft.Consumption reservationRecommendations (azure-api.md §3.1) for resourceScope =
 * subscriptions/{sub}, from the usage no reservation covered (uncovered_usage_daily). Items are
 * the legacy kind; the money figures are those Azure reports, over the look-back period
 * (costWithNoReservedInstances = what the usage cost on demand; totalCostWithReservedInstances =
 * the reservation prorated to the look-back plus the usage above it on demand). 204 when none.
 */
export function recommendationRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/subscriptions/:subscriptionId/providers/Microsoft.Consumption/reservationRecommendations', door: 'azure', auth: 'bearer',
      operationId: 'ReservationRecommendations_List', apiVersions: CONSUMPTION_API_VERSIONS,
      summary: 'Reservation purchase recommendations from the subscription\'s on-demand usage; $filter on properties/scope (Single|Shared), properties/resourceType, properties/lookBackPeriod (Last7Days|Last30Days|Last60Days). 204 when there are none.',
      params: z.object({ subscriptionId: guid() }),
      query: z.looseObject({ 'api-version': z.string(), $filter: z.string().max(500).optional() }),
      responses: { 200: '{value:[reservationRecommendation]}', 204: 'No recommendation.' },
      handler: async ({ ctx, actor, params, query }) => {
        const q = recommendationFilter(query.$filter);
        const recs = await subscriptionPurchaseRecommendations(ctx, actor, params.subscriptionId, q);
        if (!recs) throw notFound('SubscriptionNotFound', `Subscription ${params.subscriptionId} was not found`);
        const value = recs.flatMap((r) => presentRecommendation(params.subscriptionId.toLowerCase(), r));
        return value.length ? { body: { value } } : { status: 204 };
      },
    }),
  ];
}

const FILTER_HELP = "use eq comparisons joined by 'and' on properties/scope ('Single' or 'Shared'), properties/resourceType and properties/lookBackPeriod ('Last7Days', 'Last30Days' or 'Last60Days')";

/** Defaults as Azure's: scope Single, look-back Last7Days. */
export function recommendationFilter(text: string | undefined): RecommendationQuery {
  const out: RecommendationQuery = { scope: 'Single', lookBackPeriod: 'Last7Days' };
  if (text === undefined || text.trim() === '') return out;
  const seen = new Set<string>();
  const visit = (n: FilterNode): void => {
    if (n.kind === 'and') {
      visit(n.left);
      visit(n.right);
      return;
    }
    if (n.kind !== 'compare' || n.op !== 'eq' || typeof n.value !== 'string') throw badRequest('InvalidFilter', `Invalid $filter "${text}": ${FILTER_HELP}`, '$filter');
    const property = n.property.toLowerCase();
    if (seen.has(property)) throw badRequest('InvalidFilter', `Invalid $filter "${text}": ${n.property} is given twice`, '$filter');
    seen.add(property);
    const value = n.value;
    if (property === 'properties/scope') {
      const scope = (['Single', 'Shared'] as const).find((s) => s.toLowerCase() === value.toLowerCase());
      if (!scope) throw badRequest('InvalidFilter', `Invalid $filter "${text}": properties/scope is 'Single' or 'Shared'`, '$filter');
      out.scope = scope satisfies RecommendationScope;
    } else if (property === 'properties/lookbackperiod') {
      const period = (Object.keys(LOOK_BACK_PERIODS) as LookBackPeriod[]).find((p) => p.toLowerCase() === value.toLowerCase());
      if (!period) throw badRequest('InvalidFilter', `Invalid $filter "${text}": properties/lookBackPeriod is Last7Days, Last30Days or Last60Days`, '$filter');
      out.lookBackPeriod = period;
    } else if (property === 'properties/resourcetype') {
      out.resourceType = parseResourceType(value, '$filter');
    } else {
      throw badRequest('InvalidFilter', `Invalid $filter "${text}": ${FILTER_HELP}`, '$filter');
    }
  };
  visit(parseFilter(text));
  return out;
}

/** One legacy item per term that pays off. */
function presentRecommendation(subscriptionId: string, r: PurchaseRecommendation) {
  return r.terms.map((t) => {
    const name = stableGuid([subscriptionId, r.scope, r.subscriptionId ?? '', r.resourceType, r.skuName, r.region, t.term, r.lookBackPeriod].join('|'));
    return {
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.Consumption/reservationRecommendations/${name}`,
      name,
      type: 'Microsoft.Consumption/reservationRecommendations',
      kind: 'legacy',
      location: r.region,
      sku: r.skuName,
      properties: {
        lookBackPeriod: r.lookBackPeriod,
        meterId: null,
        term: t.term,
        costWithNoReservedInstances: toMajorNumber(r.onDemandCost),
        recommendedQuantity: r.quantity,
        totalCostWithReservedInstances: toMajorNumber(t.lookBackCostWithReservation),
        netSavings: toMajorNumber(t.lookBackNetSavings),
        firstUsageDate: `${r.firstUsageDate}T00:00:00Z`,
        lastUsageDate: `${r.lastUsageDate}T00:00:00Z`,
        scope: r.scope,
        totalHours: r.totalHours,
        subscriptionId: r.subscriptionId ?? undefined,
        resourceType: azureResourceType(r.resourceType),
        instanceFlexibilityGroup: r.flexibilityGroup ?? undefined,
        instanceFlexibilityRatio: r.flexibilityRatio ?? undefined,
        normalizedSize: r.skuName,
        recommendedQuantityNormalized: r.flexibilityRatio ? r.quantity * r.flexibilityRatio : r.quantity,
        skuProperties: [{ name: 'Currency', value: r.onDemandCost.currency }, { name: 'BreakEvenMonth', value: String(t.breakEvenMonth) }],
      },
    };
  });
}

const azureResourceType = (t: ReservedResourceType) => typeRules(t).catalogName.toLowerCase();

/** A GUID-shaped name that stays the same for the same recommendation across calls. */
function stableGuid(key: string): string {
  const h = createHash('sha256').update(key).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
