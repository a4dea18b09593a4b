import { useT } from '../../i18n/index.tsx';
import { useFormat } from '../../format.ts';
import type { MoneyJson, PolicyError } from './types.ts';

/**
 * The engine's policy errors and refusal reasons arrive in English (src/domain/refund.ts,
 * exchange.ts, return-service.ts, policy.ts). The console shows each in plain words in the UI
 * language: by code for policy errors (with the amounts from the quote), and by the known
 * sentence for authorization reasons. Anything unknown is shown as the server wrote it.
 */

/** The refusal reasons of src/domain/policy.ts decideReservationAction, by their English sentence. */
const REASONS: Record<string, string> = {
  'The reservation is not visible to you.': 'money.reason.notVisible',
  "The provider support desk processes support requests; it does not change partners' reservations directly.": 'money.reason.provider',
  "A guest of the customer tenant does not inherit the partner's access; it needs a role assignment on the reservation or its order.": 'money.reason.guest',
  'Your partner has not allowed you to buy reservations yourself.': 'money.reason.customerMayNotBuy',
  'Granting access needs the Owner or Reservations Administrator role on the reservation order.': 'money.reason.delegate',
  'Managing this reservation needs the Owner, Contributor, Reservations Administrator or Reservations Contributor role on its order.': 'money.reason.manageRole',
  'A CSP customer cannot return, exchange, renew or change a reservation; ask your partner.': 'money.reason.cspCustomer',
  "Indirect resellers can see their customers' reservations but cannot manage them; your indirect provider does that.": 'money.reason.reseller',
  'Buying reservations needs the Global admin, Admin agent or Sales agent role.': 'money.reason.buyRole',
  "Sales and helpdesk agents manage a customer's reservations only with explicit access to the customer's Azure subscription.": 'money.reason.subscriptionAccess',
  'Your roles do not include managing reservations (Global admin or Admin agent).': 'money.reason.noManageRole',
};

/** Translates an allowedActions reason (or any known policy sentence); unknown text is returned as is. */
export function usePolicyReason(): (reason: string | null | undefined) => string {
  const t = useT();
  return (reason) => {
    if (!reason) return '';
    const key = REASONS[reason.trim()];
    return key ? t(key) : reason;
  };
}

export interface QuoteAmounts {
  /** Return: what the cap would count, the allowance left before, the limit, the excess. */
  cancelledCommitment?: MoneyJson;
  remaining?: MoneyJson;
  limit?: MoneyJson;
  exceededBy?: MoneyJson;
  /** Exchange: how much the new commitment falls short. */
  shortfall?: MoneyJson;
  remainingCommitment?: MoneyJson;
  newCommitment?: MoneyJson;
  /** The reservation's quantity, for the quantity rule. */
  maxQuantity?: number;
}

/** One policy error in plain words in the UI language. */
export function usePolicyErrorText(): (e: PolicyError, amounts?: QuoteAmounts) => string {
  const t = useT();
  const fmt = useFormat();
  const reason = usePolicyReason();
  const m = (x?: MoneyJson) => (x ? fmt.money(x.amountMinor, x.currencyCode) : '—');
  return (e, a = {}) => {
    switch (e.code) {
      case 'SelfServiceRefundNotSupported':
        return t('money.error.SelfServiceRefundNotSupported');
      case 'ReservationNotActive':
        return t('money.error.ReservationNotActive');
      case 'InvalidRefundQuantity':
        return t('money.error.InvalidRefundQuantity', { max: a.maxQuantity ?? (/to (\d+)/.exec(e.message)?.[1] ?? '?') });
      case 'RefundLimitExceeded':
        return t('money.error.RefundLimitExceeded', { amount: m(a.cancelledCommitment), remaining: m(a.remaining), limit: m(a.limit), exceeded: m(a.exceededBy) });
      case 'InsufficientPermissions':
        return t('money.error.InsufficientPermissions', { reason: reason(e.message) });
      case 'CrossTypeExchangeNotAllowed':
        return t('money.error.CrossTypeExchangeNotAllowed');
      case 'ExchangeNotAllowedAfterPolicyChange':
        return t('money.error.ExchangeNotAllowedAfterPolicyChange', { date: /on or after (\d{4}-\d{2}-\d{2})/.exec(e.message)?.[1] ?? '2027-02-01' });
      case 'InsufficientNewCommitment':
        return t('money.error.InsufficientNewCommitment', { shortfall: m(a.shortfall), remaining: m(a.remainingCommitment), newCommitment: m(a.newCommitment) });
      case 'InvalidExchangeRequest':
        return t('money.error.InvalidExchangeRequest');
      default:
        return e.message;
    }
  };
}
