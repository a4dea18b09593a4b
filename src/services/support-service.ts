import { randomInt } from 'node:crypto';
import { badRequest, DomainError, forbidden, notFound } from '../domain/errors.ts';
import { newId, normalizeGuid } from '../domain/ids.ts';
import { canSeeSupportRequest, decideReservationAction, isSupportEngineer, tenantScopeOf, type Actor } from '../domain/policy.ts';
import { dueAt, isOverdue, nextStatus, type Severity, type SupportStatus } from '../domain/support-request.ts';
import { lockRow, type Db } from '../store/database.ts';
import { getCustomerById } from '../store/tenancy-queries.ts';
import { actorOfUser } from './actors.ts';
import { recordAudit } from './audit.ts';
import { inTransaction, type AppContext } from './context.ts';
import { exchangeNow, type ExchangeRequest } from './exchange-flow.ts';
import { idempotent } from './idempotency.ts';
import { enqueueNotification } from './notifications.ts';
import { returnNow } from './refund-flow.ts';
import { visibleReservation } from './return-service.ts';

export interface Contact {
  firstName: string;
  lastName: string;
  primaryEmail: string;
  additionalEmails: string[];
  preferredContactMethod: 'email' | 'phone';
  phoneNumber?: string;
  preferredTimeZone: string;
  preferredSupportLanguage: string;
  country: string;
}

export type RequestedAction =
  | { type: 'return'; reservationOrderId: string; reservationId: string; quantity: number; reason?: string }
  | { type: 'exchange'; request: ExchangeRequest };

export interface NewSupportRequest {
  basics: { issueType: string; title: string; description: string };
  problem: { problemType: string; category: string; severity: Severity };
  contact: Contact;
  customerId?: string;
  reservationOrderId?: string;
  reservationId?: string;
  action?: RequestedAction;
}

export interface SupportRequestView {
  id: string;
  number: string;
  partnerId: string;
  customerId: string;
  reservationOrderId: string | null;
  reservationId: string | null;
  status: SupportStatus;
  statusReason: string | null;
  severity: Severity;
  issueType: string;
  problemType: string;
  category: string;
  title: string;
  description: string;
  contact: Contact;
  requestedAction: RequestedAction | null;
  quoteAtCreation: unknown;
  transactionId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  overdue: boolean;
  closedAt: string | null;
  messages?: Array<{ id: string; author: string; authorKind: string; body: string; createdAt: string }>;
}

type Row = Awaited<ReturnType<typeof loadRow>>;

async function loadRow(db: Db, id: string) {
  return db.selectFrom('support_requests').selectAll().where('id', '=', normalizeGuid(id)).executeTakeFirst();
}

function viewOf(row: NonNullable<Row>, now: Date): SupportRequestView {
  return {
    id: row.id, number: row.number, partnerId: row.partner_id, customerId: row.customer_id,
    reservationOrderId: row.reservation_order_id, reservationId: row.reservation_id,
    status: row.status as SupportStatus, statusReason: row.status_reason, severity: row.severity as Severity,
    issueType: row.issue_type, problemType: row.problem_type, category: row.category, title: row.title, description: row.description,
    contact: JSON.parse(row.contact) as Contact,
    requestedAction: row.requested_action ? (JSON.parse(row.requested_action) as RequestedAction) : null,
    quoteAtCreation: row.quote_at_creation ? JSON.parse(row.quote_at_creation) : null,
    transactionId: row.transaction_id, createdBy: row.created_by, createdAt: row.created_at, updatedAt: row.updated_at,
    dueAt: row.due_at, overdue: isOverdue(row.status as SupportStatus, row.due_at, now), closedAt: row.closed_at,
  };
}

/** The request if the caller may see it; otherwise "not found". */
async function visibleRequest(ctx: AppContext, db: Db, actor: Actor, id: string): Promise<NonNullable<Row>> {
  const row = await loadRow(db, id);
  const customer = row ? await getCustomerById(db, row.customer_id) : undefined;
  if (!row || !customer || !canSeeSupportRequest(actor, { partnerId: row.partner_id, customer })) {
    throw notFound('SupportRequestNotFound', `Support request ${id} was not found`);
  }
  return row;
}

/**
 * Creates a support request (Basics, Problem, Contact information). A request about a
 * reservation carries its IDs; one for a return or exchange also carries the requested action
 * and the quote at the time of creation. The partner must be allowed to request on the customer.
 */
export async function createSupportRequest(ctx: AppContext, actor: Actor, input: NewSupportRequest, quoteAtCreation: unknown): Promise<SupportRequestView> {
  if (actor.kind !== 'partner') throw forbidden('AuthorizationFailed', 'Support requests are raised by the customer\'s partner.');
  return inTransaction(ctx, async (db) => {
    const now = ctx.clock.now();
    let customerId = input.customerId;
    if (input.reservationId || input.reservationOrderId) {
      if (!input.reservationId || !input.reservationOrderId) throw badRequest('InvalidReservation', 'Give both the Reservation ID and the Reservation order ID', 'reservationId');
      const r = await visibleReservation(db, actor, input.reservationOrderId, input.reservationId);
      if (customerId && normalizeGuid(customerId) !== r.customerId) throw badRequest('InvalidReservation', 'The reservation belongs to another customer', 'reservationId');
      customerId = r.customerId;
    }
    if (!customerId) throw badRequest('CustomerRequired', 'Name the customer (customerId) or the reservation the request is about', 'customerId');
    const customer = await getCustomerById(db, normalizeGuid(customerId));
    if (!customer || !canSeeSupportRequest(actor, { partnerId: customer.partnerId, customer })) throw notFound('CustomerNotFound', `Customer ${customerId} was not found`, 'customerId');
    const decision = decideReservationAction(actor, 'createSupportRequest', { customer });
    if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not raise support requests for this customer.');
    const id = newId();
    const row = {
      id, number: await freshNumber(db, now), partner_id: customer.partnerId, customer_id: customer.id,
      reservation_order_id: input.reservationOrderId ? normalizeGuid(input.reservationOrderId) : null,
      reservation_id: input.reservationId ? normalizeGuid(input.reservationId) : null,
      status: 'Open', severity: input.problem.severity, issue_type: input.basics.issueType, problem_type: input.problem.problemType,
      category: input.problem.category, title: input.basics.title, description: input.basics.description,
      contact: JSON.stringify(input.contact), requested_action: input.action ? JSON.stringify(input.action) : null,
      quote_at_creation: quoteAtCreation === undefined ? null : JSON.stringify(quoteAtCreation), status_reason: null, transaction_id: null,
      created_by: actor.userId, created_at: now.toISOString(), updated_at: now.toISOString(),
      due_at: dueAt(now, input.problem.severity).toISOString(), closed_at: null,
    };
    await db.insertInto('support_requests').values(row).execute();
    await recordAudit(db, actor, now, { action: 'supportRequest.create', targetType: 'supportRequest', targetId: id, partnerId: customer.partnerId, customerId: customer.id, after: row });
    return viewOf(row, now);
  });
}

async function freshNumber(db: Db, now: Date): Promise<string> {
  const day = now.toISOString().slice(0, 10).replace(/-/g, '');
  for (let i = 0; i < 5; i++) {
    const number = `${day}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
    const taken = await db.selectFrom('support_requests').select('id').where('number', '=', number).executeTakeFirst();
    if (!taken) return number;
  }
  throw new Error('could not allocate a support request number');
}

export interface SupportQuery {
  status?: string;
  severity?: string;
  customerId?: string;
  reservationId?: string;
  overdue?: boolean;
  limit: number;
  offset: number;
}

export async function listSupportRequests(ctx: AppContext, actor: Actor, q: SupportQuery): Promise<{ items: SupportRequestView[]; total: number }> {
  let query = ctx.store.db.selectFrom('support_requests').innerJoin('customers', 'customers.id', 'support_requests.customer_id');
  if (actor.kind === 'customer') return { items: [], total: 0 };
  if (actor.kind === 'partner') {
    const scope = tenantScopeOf(actor);
    if (scope.kind === 'none') return { items: [], total: 0 };
    query = scope.kind === 'reseller'
      ? query.where('customers.reseller_id', '=', actor.partnerId)
      : query.where('support_requests.partner_id', '=', actor.partnerId);
  }
  if (q.status) query = query.where('support_requests.status', '=', q.status);
  if (q.severity) query = query.where('support_requests.severity', '=', q.severity);
  if (q.customerId) query = query.where('support_requests.customer_id', '=', normalizeGuid(q.customerId));
  if (q.reservationId) query = query.where('support_requests.reservation_id', '=', normalizeGuid(q.reservationId));
  const now = ctx.clock.now();
  if (q.overdue) query = query.where('support_requests.due_at', '<=', now.toISOString()).where('support_requests.status', 'not in', ['Resolved', 'Rejected', 'Closed']);
  const [rows, count] = await Promise.all([
    query.selectAll('support_requests').orderBy('support_requests.due_at').orderBy('support_requests.id').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map((r) => viewOf(r, now)), total: Number(count.n) };
}

export async function getSupportRequest(ctx: AppContext, actor: Actor, id: string): Promise<SupportRequestView> {
  const row = await visibleRequest(ctx, ctx.store.db, actor, id);
  const messages = await ctx.store.db.selectFrom('support_messages').selectAll().where('request_id', '=', row.id).orderBy('seq').execute();
  return {
    ...viewOf(row, ctx.clock.now()),
    messages: messages.map((m) => ({ id: m.id, author: m.author_name, authorKind: m.author_kind, body: m.body, createdAt: m.created_at })),
  };
}

async function transition(ctx: AppContext, db: Db, actor: Actor, row: NonNullable<Row>, status: SupportStatus, extra: { statusReason?: string | null; transactionId?: string }, action: string): Promise<void> {
  const now = ctx.clock.now().toISOString();
  const closing = status === 'Resolved' || status === 'Rejected' || status === 'Closed';
  const updated = await db.updateTable('support_requests').set({
    status, updated_at: now, closed_at: closing ? now : null,
    ...(extra.statusReason !== undefined ? { status_reason: extra.statusReason } : {}),
    ...(extra.transactionId ? { transaction_id: extra.transactionId } : {}),
  }).where('id', '=', row.id).where('status', '=', row.status).executeTakeFirst();
  // Another change landed since this one read the request: refuse rather than overwrite it.
  if (Number(updated.numUpdatedRows) !== 1) throw new DomainError(409, 'SupportRequestChanged', 'The support request changed meanwhile; reload it and try again');
  await recordAudit(db, actor, ctx.clock.now(), {
    action, targetType: 'supportRequest', targetId: row.id, partnerId: row.partner_id, customerId: row.customer_id,
    before: { status: row.status, statusReason: row.status_reason }, after: { status, ...extra },
  });
  await enqueueNotification(db, { type: 'supportRequestStatus', at: ctx.clock.now(), partnerId: row.partner_id, customerId: row.customer_id, targetType: 'supportRequest', targetId: row.id, title: `Support request ${row.number} is now ${status}`, data: { supportRequestId: row.id, number: row.number, from: row.status, to: status, statusReason: extra.statusReason ?? null } });
}

/** Writing to a request (messages, closing) needs the same right as raising one (rules §1). */
async function requirePartnerMayAct(db: Db, actor: Actor, customerId: string): Promise<void> {
  const customer = await getCustomerById(db, customerId);
  const decision = customer ? decideReservationAction(actor, 'createSupportRequest', { customer }) : { allowed: false, reason: undefined };
  if (!decision.allowed) throw forbidden('AuthorizationFailed', decision.reason ?? 'You may not act on support requests of this customer.');
}

/** Appends to the thread; the request row is locked so concurrent writers number messages in turn. */
async function appendMessage(ctx: AppContext, db: Db, actor: Actor, requestId: string, body: string): Promise<void> {
  await lockRow(db, ctx.store.engine, 'support_requests', requestId);
  const last = await db.selectFrom('support_messages').select((eb) => eb.fn.max('seq').as('seq')).where('request_id', '=', requestId).executeTakeFirst();
  await db.insertInto('support_messages').values({
    id: newId(), request_id: requestId, seq: Number(last?.seq ?? 0) + 1, author_id: actor.userId, author_name: actor.name,
    author_kind: actor.kind, body, created_at: ctx.clock.now().toISOString(),
  }).execute();
}

export async function addMessage(ctx: AppContext, actor: Actor, id: string, body: string, awaitPartner = false): Promise<SupportRequestView> {
  await inTransaction(ctx, async (db) => {
    const row = await visibleRequest(ctx, db, actor, id);
    const provider = isSupportEngineer(actor);
    if (!provider) await requirePartnerMayAct(db, actor, row.customer_id);
    if (awaitPartner && !provider) throw forbidden('AuthorizationFailed', 'Only the provider support desk can wait for the partner');
    const status = nextStatus(row.status as SupportStatus, awaitPartner ? 'awaitPartner' : provider ? 'providerMessage' : 'partnerMessage');
    await appendMessage(ctx, db, actor, row.id, body);
    if (status !== row.status) await transition(ctx, db, actor, row, status, {}, 'supportRequest.status');
    else await db.updateTable('support_requests').set({ updated_at: ctx.clock.now().toISOString() }).where('id', '=', row.id).execute();
  });
  return getSupportRequest(ctx, actor, id);
}

/**
 * The provider desk approves: the requested return or exchange runs through the same engine as
 * self-service, under a fresh quote, with the requesting partner user's rights. When the policy
 * now refuses (say, the cap was used up meanwhile) nothing is executed and the request stays open
 * (In progress) with the reason.
 */
export async function approveSupportRequest(ctx: AppContext, actor: Actor, id: string, idempotencyKey?: string): Promise<SupportRequestView> {
  if (!isSupportEngineer(actor)) throw forbidden('AuthorizationFailed', 'Only provider support engineers approve support requests.');
  try {
    await idempotent(ctx, actor, idempotencyKey, `approve:${normalizeGuid(id)}`, { id }, async (db) => {
      const row = await visibleRequest(ctx, db, actor, id);
      nextStatus(row.status as SupportStatus, 'approve');
      const action = row.requested_action ? (JSON.parse(row.requested_action) as RequestedAction) : null;
      let transactionId: string | undefined;
      if (action) {
        const requester = await actorOfUser(db, row.created_by);
        if (!requester) throw new DomainError(409, 'RequesterUnavailable', 'The partner user who raised the request no longer exists or is disabled; ask the partner to raise it again');
        transactionId = await executeAction(ctx, db, actor, requester, action);
      }
      await transition(ctx, db, actor, row, 'Resolved', { statusReason: null, transactionId }, 'supportRequest.approve');
      return { status: 200, body: { id: row.id, transactionId } };
    });
  } catch (err) {
    if (!(err instanceof DomainError) || NOT_A_POLICY_REFUSAL.has(err.code)) throw err;
    // The engine refused under the fresh quote: nothing was executed (that transaction rolled
    // back); the refusal is recorded and the request stays open for the desk or the partner.
    await inTransaction(ctx, async (db) => {
      const row = await visibleRequest(ctx, db, actor, id);
      // A concurrent approval may have resolved the request meanwhile (its action is why this one
      // was refused); a final request is answered 409, never reopened.
      nextStatus(row.status as SupportStatus, 'approve');
      await transition(ctx, db, actor, row, 'InProgress', { statusReason: `${err.code}: ${err.message}` }, 'supportRequest.approvalRefused');
    });
  }
  return getSupportRequest(ctx, actor, id);
}

/** Errors about the request itself rather than the policy; they are answered, not recorded. */
const NOT_A_POLICY_REFUSAL = new Set(['SupportRequestClosed', 'SupportRequestChanged', 'SupportRequestNotFound', 'AuthorizationFailed', 'IdempotencyKeyReused', 'InvalidIdempotencyKey']);

async function executeAction(ctx: AppContext, db: Db, approver: Actor, requester: Actor, action: RequestedAction): Promise<string> {
  if (action.type === 'return') {
    const outcome = await returnNow(ctx, db, approver, action, { origin: requester, quoteId: null, reason: action.reason, channel: 'supportRequest' });
    return outcome.transactionId;
  }
  const outcome = await exchangeNow(ctx, db, approver, action.request, { origin: requester, quoteId: null, channel: 'supportRequest' });
  return outcome.transactionId;
}

export async function rejectSupportRequest(ctx: AppContext, actor: Actor, id: string, reason: string): Promise<SupportRequestView> {
  if (!isSupportEngineer(actor)) throw forbidden('AuthorizationFailed', 'Only provider support engineers reject support requests.');
  await inTransaction(ctx, async (db) => {
    const row = await visibleRequest(ctx, db, actor, id);
    await transition(ctx, db, actor, row, nextStatus(row.status as SupportStatus, 'reject'), { statusReason: reason }, 'supportRequest.reject');
    await appendMessage(ctx, db, actor, row.id, `Rejected: ${reason}`);
  });
  return getSupportRequest(ctx, actor, id);
}

export async function closeSupportRequest(ctx: AppContext, actor: Actor, id: string): Promise<SupportRequestView> {
  if (actor.kind !== 'partner') throw forbidden('AuthorizationFailed', 'The partner closes its support requests.');
  await inTransaction(ctx, async (db) => {
    const row = await visibleRequest(ctx, db, actor, id);
    await requirePartnerMayAct(db, actor, row.customer_id);
    await transition(ctx, db, actor, row, nextStatus(row.status as SupportStatus, 'close'), { statusReason: 'Closed by the partner' }, 'supportRequest.close');
  });
  return getSupportRequest(ctx, actor, id);
}
