import { CATEGORIES, ISSUE_TYPES, PROBLEM_TYPES, SEVERITIES } from '../../domain/support-request.ts';
import type { SupportRequest } from '../api-types.ts';
import { parseCommandArgs } from '../args.ts';
import { UsageError } from '../errors.ts';
import type { Io } from '../io.ts';
import { exchangeFromArgs, exchangeOptions, hasExchangeOptions, reservationArg, type ExchangeOptionNames } from '../money-args.ts';
import { printJson } from '../output.ts';
import { signedInClient } from '../session.ts';
import { dueText, requestDetails } from '../support-view.ts';

const EXCHANGE: ExchangeOptionNames = { return: 'exchange-return', buy: 'exchange-buy', subscription: 'exchange-subscription', scope: 'exchange-scope' };
const COMMAND = 'requests create';

/**
 * `resdesk requests create`: POST /v1/supportRequests with Basics, Problem and Contact
 * information, about a customer or one of its reservations, optionally asking the provider desk
 * for a return (--return-quantity) or an exchange (--exchange-…).
 */
export async function run(argv: string[], io: Io): Promise<number> {
  const args = parseCommandArgs(argv, {
    command: COMMAND,
    options: {
      customer: { type: 'string' }, reservation: { type: 'string' },
      'issue-type': { type: 'string' }, title: { type: 'string' }, description: { type: 'string' },
      'problem-type': { type: 'string' }, category: { type: 'string' }, severity: { type: 'string' },
      'first-name': { type: 'string' }, 'last-name': { type: 'string' }, email: { type: 'string' },
      'additional-email': { type: 'string', multiple: true }, 'contact-method': { type: 'string' }, phone: { type: 'string' },
      'time-zone': { type: 'string' }, language: { type: 'string' }, country: { type: 'string' },
      'return-quantity': { type: 'string' }, 'return-reason': { type: 'string' },
      ...exchangeOptions(EXCHANGE),
    },
  });
  args.requireAll(['title', 'description', 'severity', 'first-name', 'last-name', 'email', 'contact-method', 'time-zone', 'language', 'country']);
  const customerId = args.string('customer')?.trim();
  const reservationText = args.string('reservation');
  if (!customerId && reservationText === undefined) throw new UsageError(`${COMMAND}: name the customer (--customer) or the reservation (--reservation)`);
  const reservation = reservationText === undefined ? undefined : reservationArg(COMMAND, reservationText, '--reservation');
  const severity = args.oneOf('severity', SEVERITIES)!;
  const contactMethod = args.oneOf('contact-method', ['email', 'phone'] as const)!;
  const phone = args.string('phone')?.trim();
  if (!phone && (contactMethod === 'phone' || severity === 'critical')) {
    throw new UsageError(`${COMMAND}: --phone is required with --contact-method phone or --severity critical`);
  }

  const wantsReturn = args.string('return-quantity') !== undefined;
  const wantsExchange = hasExchangeOptions(args, EXCHANGE);
  if (wantsReturn && wantsExchange) throw new UsageError(`${COMMAND}: ask for a return (--return-quantity) or an exchange (--exchange-…), not both`);
  if (args.string('return-reason') !== undefined && !wantsReturn) throw new UsageError(`${COMMAND}: --return-reason goes with --return-quantity`);
  if (wantsReturn && !reservation) throw new UsageError(`${COMMAND}: --return-quantity needs the --reservation to return`);
  const returnReason = args.string('return-reason');
  const requestedAction = wantsReturn
    ? { type: 'return' as const, quantity: args.int('return-quantity', 1, 10_000)!, ...(returnReason !== undefined ? { reason: returnReason } : {}) }
    : wantsExchange ? { type: 'exchange' as const, ...exchangeFromArgs(args, EXCHANGE) } : undefined;

  const body = {
    basics: { issueType: args.oneOf('issue-type', ISSUE_TYPES) ?? 'Billing', title: args.required('title'), description: args.required('description') },
    problem: {
      problemType: args.oneOf('problem-type', PROBLEM_TYPES) ?? 'ReservationManagement',
      category: args.oneOf('category', CATEGORIES) ?? 'ExchangeAndRefund',
      severity,
    },
    contact: {
      firstName: args.required('first-name'),
      lastName: args.required('last-name'),
      primaryEmail: args.required('email').trim(),
      additionalEmails: args.strings('additional-email').map((e) => e.trim()),
      preferredContactMethod: contactMethod,
      ...(phone ? { phoneNumber: phone } : {}),
      preferredTimeZone: args.required('time-zone').trim(),
      preferredSupportLanguage: args.required('language').trim(),
      country: args.required('country').trim().toUpperCase(),
    },
    ...(customerId ? { customerId } : {}),
    ...(reservation ?? {}),
    ...(requestedAction ? { requestedAction } : {}),
  };
  const created = (await signedInClient(io).post<SupportRequest>('/v1/supportRequests', body)).body;
  if (args.json) {
    printJson(io, created);
    return 0;
  }
  io.out(`Raised support request ${created.number}, ${created.status}, due ${dueText(created)}.`);
  io.out(requestDetails(created).join('\n'));
  return 0;
}
