import type { ExchangeQuote, RefundQuote, RequestedAction, SupportRequest } from './api-types.ts';
import { formatInstant, money } from './money-view.ts';
import { details, plural, table } from './output.ts';

/** Support requests as text: the list's table, one request's details and its thread. */

export function dueText(r: Pick<SupportRequest, 'dueAt' | 'overdue'>): string {
  return `${formatInstant(r.dueAt)}${r.overdue ? ' (overdue)' : ''}`;
}

export function requestTable(items: readonly SupportRequest[]): string[] {
  return table(items, [
    { header: 'id', value: (r) => r.id },
    { header: 'number', value: (r) => r.number },
    { header: 'status', value: (r) => r.status },
    { header: 'severity', value: (r) => r.severity },
    { header: 'due', value: dueText },
    { header: 'customer', value: (r) => r.customerId },
    { header: 'title', value: (r) => r.title },
  ]);
}

export function actionText(a: RequestedAction | null): string | undefined {
  if (!a) return undefined;
  if (a.type === 'return') {
    return `return ${plural(a.quantity, 'unit')} of ${a.reservationOrderId}/${a.reservationId}${a.reason ? ` (reason: ${a.reason})` : ''}`;
  }
  const returns = a.request.returns.map((r) => `${r.quantity} of ${r.reservationId}`).join(', ');
  const buys = a.request.purchases.map((p) => `${p.quantity} × ${p.reservedResourceType} ${p.skuName} ${p.location} ${p.term} ${p.billingPlan}`).join(', ');
  return `exchange ${returns} for ${buys}`;
}

/** The figures of the quote made when the request was raised: the net refund or the net payable. */
export function quoteText(r: SupportRequest): string | undefined {
  const q = r.quoteAtCreation as Partial<RefundQuote & ExchangeQuote> | null;
  if (!q || !r.requestedAction) return undefined;
  if (r.requestedAction.type === 'return') {
    const refund = q as RefundQuote;
    const errors = refund.policyErrors?.map((e) => e.code) ?? [];
    return `net refund ${money(refund.quote?.netRefund)}${errors.length ? `; policy errors then: ${errors.join(', ')}` : ''}`;
  }
  const exchange = q as ExchangeQuote;
  const errors = exchange.quote?.policyErrors.map((e) => e.code) ?? [];
  return `net payable ${money(exchange.quote?.netPayable)}${errors.length ? `; policy errors then: ${errors.join(', ')}` : ''}`;
}

export function requestDetails(r: SupportRequest): string[] {
  const c = r.contact;
  return details([
    ['Support request', r.title],
    ['Id', r.id],
    ['Number', r.number],
    ['Status', r.statusReason ? `${r.status} (${r.statusReason})` : r.status],
    ['Severity', r.severity],
    ['Due', dueText(r)],
    ['Customer', r.customerId],
    ['Reservation', r.reservationOrderId && r.reservationId ? `${r.reservationOrderId}/${r.reservationId}` : r.reservationId],
    ['Issue', `${r.issueType} / ${r.problemType} / ${r.category}`],
    ['Requested action', actionText(r.requestedAction)],
    ['Quote at creation', quoteText(r)],
    ['Transaction', r.transactionId],
    ['Contact', `${c.firstName} ${c.lastName} <${c.primaryEmail}>${c.additionalEmails.length ? `, cc ${c.additionalEmails.join(', ')}` : ''}`],
    ['Contact by', `${c.preferredContactMethod}${c.phoneNumber ? ` (phone ${c.phoneNumber})` : ''}, ${c.preferredSupportLanguage}, ${c.preferredTimeZone}, ${c.country}`],
    ['Created', formatInstant(r.createdAt)],
    ['Updated', formatInstant(r.updatedAt)],
    ['Closed', formatInstant(r.closedAt)],
  ]);
}

/** The thread: each message under a line with its time and author. */
export function threadLines(r: SupportRequest): string[] {
  const messages = r.messages ?? [];
  if (!messages.length) return ['No messages.'];
  return [
    `Messages (${messages.length}):`,
    ...messages.flatMap((m) => [
      `  ${formatInstant(m.createdAt)}  ${m.author} (${m.authorKind})`,
      ...m.body.split(/\r?\n/).map((l) => `    ${l}`),
    ]),
  ];
}

/** Everything about one request: details, description, thread. */
export function requestLines(r: SupportRequest): string[] {
  return [
    ...requestDetails(r),
    '',
    'Description:',
    ...r.description.split(/\r?\n/).map((l) => `  ${l}`),
    '',
    ...threadLines(r),
  ];
}
