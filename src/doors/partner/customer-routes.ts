import { z } from 'zod';
import { parseResourceType } from '../../domain/catalog.ts';
import { addDays } from '../../domain/dates.ts';
import type { FilterNode } from '../../domain/odata-filter.ts';
import { DISPLAY_STATES } from '../../domain/reservation.ts';
import { customerPermissions, customerSubscriptions, listCustomers, requireCustomer } from '../../services/customer-service.ts';
import { allowedActionsFor, countReservationsFor, listReservationViews } from '../../services/reservation-service.ts';
import { presentReservation } from '../azure/presenters.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';
import { presentActions, presentCustomer, presentSubscription } from './presenters.ts';
import { parseOrderBy } from '../../store/reservation-filter.ts';

const customerParams = z.object({ customerId: guid() });
const paging = { size: queryInt(1, 500).default(40), offset: queryInt(0, 10_000_000).default(0) };

export function customerRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/customers', door: 'partner', auth: 'bearer', operationId: 'Customers_List',
      summary: 'The customers the caller can see; `search` matches company name or domain.',
      query: z.object({ search: z.string().max(100).optional(), ...paging }),
      handler: async ({ ctx, actor, query }) => {
        const { items, total } = await listCustomers(ctx, actor, query.search, query.size, query.offset);
        const next = query.offset + items.length < total ? pageUri('/v1/customers', query, query.offset + query.size, query.size) : undefined;
        return { body: collection(items.map((c) => presentCustomer(c)), total, pageUri('/v1/customers', query, query.offset, query.size), next) };
      },
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId', door: 'partner', auth: 'bearer', operationId: 'Customers_Get',
      summary: 'One customer, with what the caller may change on it.',
      params: customerParams,
      handler: async ({ ctx, actor, params }) => {
        const c = await requireCustomer(ctx, actor, params.customerId);
        const perms = customerPermissions(actor, c);
        return { body: presentCustomer(c, { allowedActions: { toggleCustomerPurchase: perms.toggleCustomerPurchase } }) };
      },
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId/subscriptions', door: 'partner', auth: 'bearer', operationId: 'Customers_Subscriptions',
      summary: "The customer's Azure subscriptions under its Azure plan, with resource groups and management groups.",
      params: customerParams,
      handler: async ({ ctx, actor, params }) => {
        const { subscriptions, resourceGroups, managementGroups } = await customerSubscriptions(ctx, actor, params.customerId);
        const items = subscriptions.map((s) => presentSubscription(
          s,
          resourceGroups.filter((g) => g.subscriptionId === s.id),
          managementGroups.filter((m) => m.subscriptionIds.includes(s.id)).map((m) => m.id),
        ));
        return {
          body: {
            ...collection(items, items.length, `/v1/customers/${params.customerId}/subscriptions`),
            managementGroups: managementGroups.map((m) => ({ id: `/providers/Microsoft.Management/managementGroups/${m.id}`, name: m.id, displayName: m.displayName, subscriptionIds: m.subscriptionIds })),
          },
        };
      },
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId/reservations', door: 'partner', auth: 'bearer', operationId: 'Customers_Reservations',
      summary: "The customer's reservations in the Azure JSON shape, with the caller's allowed actions; filters: state, type, expiringWithinDays.",
      params: customerParams,
      query: z.object({
        state: z.string().max(30).optional(),
        type: z.string().max(60).optional(),
        expiringWithinDays: queryInt(0, 3650).optional(),
        search: z.string().max(100).optional(),
        orderBy: z.string().max(200).optional(),
        ...paging,
      }),
      handler: async ({ ctx, actor, params, query }) => {
        const customer = await requireCustomer(ctx, actor, params.customerId);
        const filter = reservationFilterOf(query, ctx.clock.now());
        const options = { customerId: customer.id, filter };
        const [views, total] = await Promise.all([
          listReservationViews(ctx, actor, { ...options, orderBy: parseOrderBy(query.orderBy), limit: query.size, offset: query.offset }),
          countReservationsFor(ctx, actor, options),
        ]);
        const actions = await allowedActionsFor(ctx, actor, views.map((v) => v.reservation));
        const now = ctx.clock.now();
        const path = `/v1/customers/${customer.id}/reservations`;
        const next = query.offset + views.length < total ? pageUri(path, query, query.offset + query.size, query.size) : undefined;
        return {
          body: collection(
            views.map((v) => ({ ...presentReservation(v, now), allowedActions: presentActions(actions.get(v.reservation.id)) })),
            total, pageUri(path, query, query.offset, query.size), next,
          ),
        };
      },
    }),
  ];
}

/** The /v1 filters as one filter tree, so both doors share the same SQL translation. */
function reservationFilterOf(query: { state?: string; type?: string; expiringWithinDays?: number; search?: string }, now: Date): FilterNode | undefined {
  const parts: FilterNode[] = [];
  if (query.state) {
    const state = DISPLAY_STATES.find((s) => s.toLowerCase() === query.state!.toLowerCase()) ?? query.state;
    parts.push({ kind: 'compare', op: 'eq', property: 'properties/displayProvisioningState', value: state });
  }
  if (query.type) parts.push({ kind: 'compare', op: 'eq', property: 'properties/reservedResourceType', value: parseResourceType(query.type, 'type') });
  if (query.expiringWithinDays !== undefined) {
    parts.push({ kind: 'compare', op: 'eq', property: 'properties/provisioningState', value: 'Succeeded' });
    parts.push({ kind: 'compare', op: 'gt', property: 'properties/expiryDateTime', value: now.toISOString() });
    parts.push({ kind: 'compare', op: 'le', property: 'properties/expiryDateTime', value: addDays(now, query.expiringWithinDays).toISOString() });
  }
  if (query.search) parts.push({ kind: 'function', name: 'contains', property: 'properties/displayName', value: query.search });
  return parts.reduce<FilterNode | undefined>((acc, p) => (acc ? { kind: 'and', left: acc, right: p } : p), undefined);
}
