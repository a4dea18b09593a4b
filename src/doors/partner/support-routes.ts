import { z } from 'zod';
import { CATEGORIES, COUNTRY_CODES, ISSUE_TYPES, PROBLEM_TYPES, SEVERITIES, SUPPORT_STATUSES, isTimeZone } from '../../domain/support-request.ts';
import { calculateExchange } from '../../services/exchange-flow.ts';
import { calculateReturn } from '../../services/refund-flow.ts';
import {
  addMessage, approveSupportRequest, closeSupportRequest, createSupportRequest, getSupportRequest, listSupportRequests,
  rejectSupportRequest, type NewSupportRequest, type RequestedAction,
} from '../../services/support-service.ts';
import { badRequest } from '../../domain/errors.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid, queryInt } from '../http/validation.ts';
import { collection, pageUri } from './collection.ts';
import { exchangeBody, toExchangeRequest } from './money-routes.ts';
import { withMoneyJson } from './money-json.ts';

const email = z.string().trim().max(254).email('must be an e-mail address');

/** Contact information (rules §7), every field checked and every refusal explained. */
const contact = z.object({
  firstName: z.string().trim().min(1, 'is required').max(64),
  lastName: z.string().trim().min(1, 'is required').max(64),
  primaryEmail: email,
  additionalEmails: z.array(email).max(10).default([]),
  preferredContactMethod: z.enum(['email', 'phone']),
  phoneNumber: z.string().trim().regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number such as +82 2 1234 5678').optional(),
  preferredTimeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Seoul'),
  preferredSupportLanguage: z.string().regex(/^[a-z]{2}-[A-Z]{2}$/, 'must be a language tag such as ko-KR or en-US'),
  country: z.string().refine((c) => COUNTRY_CODES.has(c), 'must be an ISO 3166-1 alpha-3 country code such as KOR'),
});

const createBody = z.object({
  basics: z.object({
    issueType: z.enum(ISSUE_TYPES),
    title: z.string().trim().min(1, 'is required').max(140),
    description: z.string().trim().min(1, 'is required').max(5000),
  }),
  problem: z.object({ problemType: z.enum(PROBLEM_TYPES), category: z.enum(CATEGORIES), severity: z.enum(SEVERITIES) }),
  contact,
  customerId: guid().optional(),
  reservationOrderId: guid().optional(),
  reservationId: guid().optional(),
  requestedAction: z.discriminatedUnion('type', [
    z.object({ type: z.literal('return'), quantity: z.number().int().positive(), reason: z.string().max(1000).optional() }),
    z.object({ type: z.literal('exchange') }).extend(exchangeBody.shape),
  ]).optional(),
}).superRefine((b, issue) => {
  if ((b.contact.preferredContactMethod === 'phone' || b.problem.severity === 'critical') && !b.contact.phoneNumber) {
    issue.addIssue({ code: 'custom', path: ['contact', 'phoneNumber'], message: 'is required when the preferred contact method is phone or the severity is critical' });
  }
});

const idParams = z.object({ supportRequestId: guid() });
const idempotencyKey = (h: unknown) => (typeof h === 'string' ? h : undefined);

export function supportRoutes(): RouteSpec[] {
  return [
    route({
      method: 'POST', url: '/v1/supportRequests', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Create',
      summary: 'Raises a support request (Basics, Problem, Contact information); one started from a reservation\'s Return or Exchange carries its IDs, the requested action and the quote at creation.',
      body: createBody,
      responses: { 201: 'The support request.' },
      handler: async ({ ctx, actor, body }) => {
        let action: RequestedAction | undefined;
        let quote: unknown;
        const a = body.requestedAction;
        if (a?.type === 'return') {
          if (!body.reservationId || !body.reservationOrderId) throw badRequest('InvalidReservation', 'A return request names the reservationOrderId and reservationId', 'reservationId');
          action = { type: 'return', reservationOrderId: body.reservationOrderId, reservationId: body.reservationId, quantity: a.quantity, reason: a.reason };
          quote = withMoneyJson(await calculateReturn(ctx, actor, action));
        } else if (a?.type === 'exchange') {
          const request = toExchangeRequest(a);
          action = { type: 'exchange', request };
          quote = withMoneyJson(await calculateExchange(ctx, actor, request));
        }
        const input: NewSupportRequest = {
          basics: body.basics, problem: body.problem, contact: body.contact,
          customerId: body.customerId, reservationOrderId: body.reservationOrderId, reservationId: body.reservationId, action,
        };
        return { status: 201, body: await createSupportRequest(ctx, actor, input, quote) };
      },
    }),
    route({
      method: 'GET', url: '/v1/supportRequests', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_List',
      summary: 'Support requests the caller can see, soonest due first; filters: status, severity, customerId, reservationId, overdue.',
      query: z.object({
        status: z.enum(SUPPORT_STATUSES).optional(), severity: z.enum(SEVERITIES).optional(),
        customerId: guid().optional(), reservationId: guid().optional(), overdue: z.enum(['true', 'false']).optional(),
        size: queryInt(1, 200).default(50), offset: queryInt(0, 1_000_000).default(0),
      }),
      handler: async ({ ctx, actor, query }) => {
        const { items, total } = await listSupportRequests(ctx, actor, { ...query, overdue: query.overdue === 'true', limit: query.size, offset: query.offset });
        const next = query.offset + items.length < total ? pageUri('/v1/supportRequests', query, query.offset + query.size, query.size) : undefined;
        return { body: collection(items, total, pageUri('/v1/supportRequests', query, query.offset, query.size), next) };
      },
    }),
    route({
      method: 'GET', url: '/v1/supportRequests/:supportRequestId', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Get',
      summary: 'One support request with its message thread.',
      params: idParams,
      handler: async ({ ctx, actor, params }) => ({ body: await getSupportRequest(ctx, actor, params.supportRequestId) }),
    }),
    route({
      method: 'POST', url: '/v1/supportRequests/:supportRequestId/messages', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Message',
      summary: 'Adds a message to the thread; the desk may set awaitPartner to wait for the partner.',
      params: idParams, body: z.object({ body: z.string().trim().min(1, 'is required').max(5000), awaitPartner: z.boolean().optional() }),
      handler: async ({ ctx, actor, params, body }) => ({ status: 201, body: await addMessage(ctx, actor, params.supportRequestId, body.body, body.awaitPartner) }),
    }),
    route({
      method: 'POST', url: '/v1/supportRequests/:supportRequestId/approve', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Approve',
      summary: 'Provider support engineers: executes the requested return or exchange under a fresh quote; a refusal keeps the request open with the reason. Takes an Idempotency-Key header.',
      params: idParams,
      handler: async ({ ctx, actor, params, request }) => ({ body: await approveSupportRequest(ctx, actor, params.supportRequestId, idempotencyKey(request.headers['idempotency-key'])) }),
    }),
    route({
      method: 'POST', url: '/v1/supportRequests/:supportRequestId/reject', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Reject',
      summary: 'Provider support engineers: rejects the request with a reason.',
      params: idParams, body: z.object({ reason: z.string().trim().min(1, 'is required').max(2000) }),
      handler: async ({ ctx, actor, params, body }) => ({ body: await rejectSupportRequest(ctx, actor, params.supportRequestId, body.reason) }),
    }),
    route({
      method: 'POST', url: '/v1/supportRequests/:supportRequestId/close', door: 'partner', auth: 'bearer', operationId: 'SupportRequests_Close',
      summary: 'The partner closes its request.',
      params: idParams,
      handler: async ({ ctx, actor, params }) => ({ body: await closeSupportRequest(ctx, actor, params.supportRequestId) }),
    }),
  ];
}
