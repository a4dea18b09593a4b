import { z } from 'zod';
import { homeSummary } from '../../services/home-summary.ts';
import { purchaseOptions } from '../../services/purchase-options.ts';
import { presentReservation } from '../azure/presenters.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { moneyJson } from './money-json.ts';

/** Routes the console's partner pages need beyond the Partner Center-style resources (issue 6). */
export function consolePartnerRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/home', door: 'partner', auth: 'bearer', operationId: 'Home_Summary',
      summary: 'The console Home in one request: reservations expiring within 30 days, low utilization, open support requests by due time, and the customers closest to their refund cap; each narrowed to the caller.',
      handler: async ({ ctx, actor }) => {
        const s = await homeSummary(ctx, actor);
        const now = ctx.clock.now();
        return {
          body: {
            expiring: {
              withinDays: s.expiringWithinDays,
              totalCount: s.expiring.total,
              items: s.expiring.items.map(({ view, customerName }) => ({ ...presentReservation(view, now), customerId: view.reservation.customerId, customerName })),
            },
            lowUtilization: s.lowUtilization,
            supportRequests: {
              totalCount: s.supportRequests.total,
              items: s.supportRequests.items.map((r) => ({
                id: r.id, number: r.number, title: r.title, status: r.status, severity: r.severity, customerId: r.customerId,
                customerName: r.customerName, reservationOrderId: r.reservationOrderId, reservationId: r.reservationId,
                createdAt: r.createdAt, dueAt: r.dueAt, overdue: r.overdue,
              })),
            },
            allowances: s.allowances.map((a) => ({
              customerId: a.customerId, customerName: a.customerName, consumedPct: a.consumedPct,
              limit: moneyJson(a.limit), consumed: moneyJson(a.consumed), remaining: moneyJson(a.remaining),
            })),
          },
        };
      },
    }),
    route({
      method: 'GET', url: '/v1/customers/:customerId/purchaseOptions', door: 'partner', auth: 'bearer', operationId: 'Customers_PurchaseOptions',
      summary: 'Whether the caller may buy reservations for the customer, and with which of its subscriptions (each allowed or not, with the reason), before any price is asked.',
      params: z.object({ customerId: guid() }),
      handler: async ({ ctx, actor, params }) => ({ body: await purchaseOptions(ctx, actor, params.customerId) }),
    }),
  ];
}
