import type { ExchangeRequestBody, ExchangePurchaseItem, ExchangeReturnItem } from './api-types.ts';
import type { Args, OptionSpecs } from './args.ts';
import { CliError, UsageError } from './errors.ts';
import type { Io } from './io.ts';
import { askYesNo } from './prompt.ts';
import { parseReservationRef } from './reservation-view.ts';

/** Command-line pieces shared by refund, exchange and support-request commands. */

const TERMS = ['P1Y', 'P3Y', 'P5Y'] as const;
const PLANS = ['Upfront', 'Monthly'] as const;
export const SCOPES = ['shared', 'single'] as const;

/** "<orderId>/<reservationId>" or the Azure resource id, or a usage error naming the command. */
export function reservationArg(command: string, text: string, what = 'the reservation'): { reservationOrderId: string; reservationId: string } {
  const ref = parseReservationRef(text);
  if (!ref) throw new UsageError(`${command}: ${what} "${text}" is neither <reservationOrderId>/<reservationId> nor a reservation resource id`);
  return { reservationOrderId: ref.orderId, reservationId: ref.reservationId };
}

function wholeNumber(command: string, option: string, text: string, value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 10_000) {
    throw new UsageError(`${command}: --${option} "${text}": the quantity must be a whole number from 1 to 10000`);
  }
  return Number(value);
}

/** `--return <orderId>/<reservationId>:<qty>` (the reference may be the full resource id). */
export function parseReturnSpec(command: string, option: string, text: string): ExchangeReturnItem {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`${command}: --${option} "${text}" must be <reservationOrderId>/<reservationId>:<quantity>`);
  const ref = reservationArg(command, text.slice(0, at), `--${option}`);
  return { ...ref, quantity: wholeNumber(command, option, text, text.slice(at + 1).trim()) };
}

/** `--buy <type>:<sku>:<location>:<qty>:<term>:<plan>`, the offer id being `<type>:<sku>:<location>`. */
export function parseBuySpec(command: string, option: string, text: string): Omit<ExchangePurchaseItem, 'subscriptionId' | 'scope'> {
  const parts = text.split(':').map((p) => p.trim());
  if (parts.length !== 6 || parts.some((p) => p === '')) {
    throw new UsageError(`${command}: --${option} "${text}" must be <type>:<sku>:<location>:<quantity>:<term>:<plan>, e.g. VirtualMachines:Standard_D4s_v5:koreacentral:2:P3Y:Upfront`);
  }
  const [type, sku, location, qty, term, plan] = parts as [string, string, string, string, string, string];
  const termDuration = TERMS.find((t) => t.toLowerCase() === term.toLowerCase());
  if (!termDuration) throw new UsageError(`${command}: --${option} "${text}": the term must be one of ${TERMS.join(', ')}, got "${term}"`);
  const billingPlan = PLANS.find((p) => p.toLowerCase() === plan.toLowerCase());
  if (!billingPlan) throw new UsageError(`${command}: --${option} "${text}": the plan must be one of ${PLANS.join(', ')}, got "${plan}"`);
  return { offerId: `${type}:${sku}:${location}`, quantity: wholeNumber(command, option, text, qty), termDuration, billingPlan };
}

/** Option names of an exchange on a command line: `--return`, or `--exchange-return` on requests create. */
export interface ExchangeOptionNames {
  return: string;
  buy: string;
  subscription: string;
  scope: string;
  name?: string;
}

/** The names exchange quote and exchange run use. */
export const EXCHANGE_NAMES: ExchangeOptionNames = { return: 'return', buy: 'buy', subscription: 'subscription', scope: 'scope', name: 'name' };

/** The parser's specs of the exchange options under the given names. */
export function exchangeOptions(names: ExchangeOptionNames): OptionSpecs {
  return {
    [names.return]: { type: 'string', multiple: true },
    [names.buy]: { type: 'string', multiple: true },
    [names.subscription]: { type: 'string' },
    [names.scope]: { type: 'string' },
    ...(names.name ? { [names.name]: { type: 'string' } } : {}),
  };
}

/** Whether any of the exchange options were given. */
export function hasExchangeOptions(args: Args, names: ExchangeOptionNames): boolean {
  return args.strings(names.return).length > 0 || args.strings(names.buy).length > 0
    || args.string(names.subscription) !== undefined || args.string(names.scope) !== undefined
    || (names.name !== undefined && args.string(names.name) !== undefined);
}

/** The exchange the options describe, with every missing part named in one usage error. */
export function exchangeFromArgs(args: Args, names: ExchangeOptionNames): ExchangeRequestBody {
  const missing = [
    ...(args.strings(names.return).length ? [] : [names.return]),
    ...(args.strings(names.buy).length ? [] : [names.buy]),
    ...((args.string(names.subscription) ?? '').trim() ? [] : [names.subscription]),
  ];
  if (missing.length) throw new UsageError(`${args.command}: missing ${missing.map((n) => `--${n}`).join(', ')}`);
  const subscriptionId = args.required(names.subscription).trim();
  const scope = args.oneOf(names.scope, SCOPES) ?? 'shared';
  const friendlyName = names.name ? args.string(names.name) : undefined;
  return {
    returns: args.strings(names.return).map((t) => parseReturnSpec(args.command, names.return, t)),
    purchases: args.strings(names.buy).map((t) => ({
      ...parseBuySpec(args.command, names.buy, t), subscriptionId, scope, ...(friendlyName !== undefined ? { friendlyName } : {}),
    })),
  };
}

/**
 * Money-moving commands ask on a terminal before they act. Without a terminal there is nobody to
 * ask, so --yes must be given; this is checked before anything is sent.
 */
export function mustAsk(args: Args, io: Io): boolean {
  if (args.flag('yes')) return false;
  if (!io.stdinIsTTY) throw new UsageError(`${args.command}: pass --yes to go ahead; there is no terminal to ask for confirmation on`);
  return true;
}

/** Asks the question; anything but yes stops the command with nothing done. */
export async function confirmOrStop(io: Io, command: string, question: string, nothing: string): Promise<void> {
  if (!(await askYesNo(io, `${question} [y/N] `))) throw new CliError(`${command}: not confirmed; nothing was ${nothing}`);
}
