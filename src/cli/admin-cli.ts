import type { Args } from './args.ts';
import { UsageError } from './errors.ts';
import { parseReservationRef } from './reservation-view.ts';

/** Shared by the administration commands: where a reservation lives on /v1, and which scope `access` acts on. */

export function reservationPathOf(command: string, text: string): { path: string; orderId: string; reservationId: string } {
  const ref = parseReservationRef(text);
  if (!ref) throw new UsageError(`${command}: "${text}" is neither <reservationOrderId>/<reservationId> nor a reservation resource id`);
  return { path: `/v1/reservations/${encodeURIComponent(ref.orderId)}/${encodeURIComponent(ref.reservationId)}`, ...ref };
}

export const ACCESS_OPTIONS = { order: { type: 'string' }, reservation: { type: 'string' }, subscription: { type: 'string' } } as const;

/** The /v1 base of the scope named by exactly one of --order, --reservation, --subscription. */
export function accessBaseOf(args: Args): string {
  const given = (['order', 'reservation', 'subscription'] as const).filter((k) => args.string(k) !== undefined);
  if (given.length !== 1) throw new UsageError(`${args.command}: name exactly one of --order ORDER_ID, --reservation ORDER_ID/RESERVATION_ID, --subscription SUBSCRIPTION_ID`);
  const value = args.string(given[0]!)!.trim();
  if (given[0] === 'order') return `/v1/reservationOrders/${encodeURIComponent(value)}`;
  if (given[0] === 'subscription') return `/v1/subscriptions/${encodeURIComponent(value.replace(/^\/subscriptions\//i, ''))}`;
  return reservationPathOf(args.command, value).path;
}

export function onOff(args: Args, name: string): boolean | undefined {
  const v = args.oneOf(name, ['on', 'off'] as const);
  return v === undefined ? undefined : v === 'on';
}
