import { z } from 'zod';
import { DomainError, forbidden } from '../../domain/errors.ts';
import { money } from '../../domain/money.ts';
import { decideSupportDeskRead } from '../../domain/policy.ts';
import { actorOfUser } from '../../services/actors.ts';
import { findVisibleReservation } from '../../services/access-service.ts';
import { calculateExchange } from '../../services/exchange-flow.ts';
import { returnErrors, returnFacts, visibleReservation } from '../../services/return-service.ts';
import { getSupportRequest } from '../../services/support-service.ts';
import { getCustomerById, getPartner } from '../../store/tenancy-queries.ts';
import { presentReservation } from '../azure/presenters.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { withMoneyJson } from './money-json.ts';

/**
 * Small /v1 routes the console's Return, Exchange and support desk pages need beyond the API
 * (issue 6): which customer a reservation belongs to (the exchange page lists the customer's other
 * reservations), and the desk's view of a request with the reservation and a fresh quote (the
 * provider desk cannot read partners' reservations or quote for them through the partner routes).
 */
export function consoleMoneyRoutes(): RouteSpec[] {
  return [
    route({
      method: 'GET', url: '/v1/reservations/:reservationOrderId/:reservationId/customer', door: 'partner', auth: 'bearer', operationId: 'Reservations_Customer',
      summary: 'The customer a reservation belongs to (id, company name) and the currency it was bought in; visible as the reservation is.',
      params: z.object({ reservationOrderId: guid(), reservationId: guid() }),
      handler: async ({ ctx, actor, params }) => {
        const r = await findVisibleReservation(ctx.store.db, actor, params.reservationOrderId, params.reservationId);
        const customer = (await getCustomerById(ctx.store.db, r.customerId))!;
        const order = await ctx.store.db.selectFrom('reservation_orders').select('currency').where('id', '=', r.orderId).executeTakeFirst();
        return { body: { customerId: customer.id, companyName: customer.companyName, currencyCode: order?.currency ?? null } };
      },
    }),
    route({
      method: 'GET', url: '/v1/supportRequests/:supportRequestId/desk', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Desk',
      summary: 'Provider support engineers: a request with its thread, the customer and partner, the reservation, and a fresh quote of the requested action under the requesting user\'s rights (what approving would execute).',
      params: z.object({ supportRequestId: guid() }),
      handler: async ({ ctx, actor, params }) => {
        const decision = decideSupportDeskRead(actor);
        if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'Only provider support engineers use the support desk.');
        const request = await getSupportRequest(ctx, actor, params.supportRequestId);
        const db = ctx.store.db;
        const now = ctx.clock.now();
        const customer = await getCustomerById(db, request.customerId);
        const partner = await getPartner(db, request.partnerId);
        let reservation: unknown = null;
        if (request.reservationOrderId && request.reservationId) {
          try {
            reservation = presentReservation(await visibleReservation(db, null, request.reservationOrderId, request.reservationId), now);
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
          }
        }
        const fresh = await freshQuote(ctx, request);
        return {
          body: {
            request,
            customer: customer ? { id: customer.id, companyName: customer.companyName } : null,
            partner: partner ? { id: partner.id, name: partner.name } : null,
            reservation,
            ...fresh,
          },
        };
      },
    }),
  ];
}

type Ctx = Parameters<typeof calculateExchange>[0];

/**
 * The quote approving would execute now: the same engine as approval, with the requesting
 * partner user's rights; the desk may refund what self-service may not (rules §4). A refusal to
 * quote at all (say the reservation is gone) is returned as freshQuoteError, not thrown.
 */
async function freshQuote(ctx: Ctx, request: Awaited<ReturnType<typeof getSupportRequest>>): Promise<{ freshQuote: unknown; freshQuoteError: { code: string; message: string } | null }> {
  const action = request.requestedAction;
  if (!action || ['Resolved', 'Rejected', 'Closed'].includes(request.status)) return { freshQuote: null, freshQuoteError: null };
  try {
    const requester = await actorOfUser(ctx.store.db, request.createdBy);
    if (!requester) return { freshQuote: null, freshQuoteError: { code: 'RequesterUnavailable', message: 'The partner user who raised the request no longer exists or is disabled.' } };
    if (action.type === 'return') {
      const facts = await returnFacts(ctx.store.db, ctx.clock.now(), requester, action);
      const { errors, exceededBy } = returnErrors(requester, facts);
      const after = facts.allowance.consumed.minor + facts.quote.cancelledCommitment.minor;
      const c = facts.allowance.limit.currency;
      return {
        freshQuote: withMoneyJson({
          type: 'return', quote: facts.quote,
          allowanceBefore: { limit: facts.allowance.limit, consumed: facts.allowance.consumed, remaining: facts.allowance.remaining },
          allowanceAfter: { consumed: money(c, after), remaining: money(c, Math.max(0, facts.allowance.limit.minor - after)) },
          exceededBy, policyErrors: errors.filter((e) => e.code !== 'SelfServiceRefundNotSupported'),
        }),
        freshQuoteError: null,
      };
    }
    // The exchange engine keeps its quote facts private; this stores an (unexecuted) quote session
    // under the requester, which nobody is given and which expires by itself.
    const view = await calculateExchange(ctx, requester, action.request);
    return { freshQuote: withMoneyJson({ type: 'exchange', returns: view.returns, purchases: view.purchases, quote: view.quote, policyErrors: view.quote.policyErrors }), freshQuoteError: null };
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    return { freshQuote: null, freshQuoteError: { code: err.code, message: err.message } };
  }
}
