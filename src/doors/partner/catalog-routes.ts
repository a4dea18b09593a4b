import { z } from 'zod';
import { billingPlansFor, parseResourceType, RESERVED_RESOURCE_TYPES, typeRules } from '../../domain/catalog.ts';
import { isCurrency } from '../../domain/money.ts';
import { badRequest } from '../../domain/errors.ts';
import { catalogEntries } from '../../services/catalog-service.ts';
import { getPartner } from '../../store/tenancy-queries.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';
import { presentCatalogEntry } from './presenters.ts';

export function catalogRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/catalog/resourceTypes', door: 'partner', auth: 'bearer', operationId: 'Catalog_ResourceTypes',
      summary: 'The reserved resource types with their terms, billing plans and exchange groups.',
      handler: async () => {
        const items = RESERVED_RESOURCE_TYPES.map((t) => ({
          id: t, terms: typeRules(t).terms, billingPlans: billingPlansFor(t), exchangeGroup: typeRules(t).exchangeGroup,
        }));
        return { body: collection(items, items.length, '/v1/catalog/resourceTypes') };
      },
    }),
    route({
      method: 'GET', url: '/v1/catalog/items', door: 'partner', auth: 'bearer', operationId: 'Catalog_Items',
      summary: "Sellable SKUs per region with current prices, in the caller's billing currency unless `currency` is given.",
      query: z.object({
        reservedResourceType: z.string().max(60).optional(),
        location: z.string().max(60).optional(),
        currency: z.string().length(3).optional(),
        size: queryInt(1, 1000).default(100),
        offset: queryInt(0, 1_000_000).default(0),
      }),
      handler: async ({ ctx, actor, query }) => {
        let currency = query.currency?.toUpperCase();
        if (!currency && actor.kind === 'partner') currency = (await getPartner(ctx.store.db, actor.partnerId))?.billingCurrency;
        currency ??= 'USD';
        if (!isCurrency(currency)) throw badRequest('InvalidCurrency', `Unknown currency ${currency}`, 'currency');
        const entries = await catalogEntries(ctx, {
          currency,
          resourceType: query.reservedResourceType ? parseResourceType(query.reservedResourceType) : undefined,
          location: query.location,
        });
        const page = entries.slice(query.offset, query.offset + query.size);
        const next = query.offset + query.size < entries.length ? pageUri('/v1/catalog/items', query, query.offset + query.size, query.size) : undefined;
        return { body: collection(page.map(presentCatalogEntry), entries.length, pageUri('/v1/catalog/items', query, query.offset, query.size), next) };
      },
    }),
  ];
}
