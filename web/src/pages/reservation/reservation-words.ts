import { useT } from '../../i18n/index.tsx';
import { usePolicyReason } from '../money/policy-words.ts';
import type { Decision, ReservationJson, ScopeChoice } from './types.ts';

/**
 * The reservation's coded values (states, terms, plans, scope kinds) in the UI language. Codes the
 * console does not know yet are shown as the API sent them rather than as a missing key.
 */
export function useReservationWords() {
  const t = useT();
  const policyReason = usePolicyReason();
  const known = (key: string, fallback: string) => {
    const text = t(key);
    return text.startsWith('⟦') ? fallback : text;
  };
  const state = (r: ReservationJson) => {
    if (r.properties.archived) return t('reservation.state.archived');
    const s = r.properties.provisioningState === 'Split' || r.properties.provisioningState === 'Merged' ? r.properties.provisioningState : r.properties.displayProvisioningState;
    return known(`reservation.state.${s}`, s);
  };
  const term = (code: string) => known(`reservation.term.${code}`, code);
  const plan = (code: string) => known(`reservation.plan.${code}`, code);
  const renew = (code: string) => known(`reservation.renew.${code}`, code);
  const role = (name: string) => known(`reservation.role.${name}`, name);
  /** "Single subscription: 가람건설 Production"; the name from the customer's scopes when known. */
  const scope = (r: ReservationJson, scopes?: readonly ScopeChoice[]) => {
    const kind = r.properties.userFriendlyAppliedScopeType;
    const label = known(`reservation.scope.${kind}`, kind);
    if (kind === 'Shared' || kind === 'None') return label;
    const id = r.properties.appliedScopes?.[0] ?? r.properties.appliedScopeProperties?.managementGroupId ?? '';
    const name = scopes?.find((s) => s.scope.toLowerCase() === id.toLowerCase())?.displayName
      ?? r.properties.appliedScopeProperties?.displayName ?? id.split('/').pop() ?? id;
    return t('reservation.scope.withName', { kind: label, name });
  };
  /** An allowedActions decision with its reason in the UI language. */
  const decision = (d: Decision | undefined): Decision =>
    d ? (d.allowed ? d : { allowed: false, reason: policyReason(d.reason) }) : { allowed: false, reason: '' };
  /** Why a scope cannot be chosen, from the server's sentence. */
  const scopeReason = (reason: string | undefined) => {
    if (!reason) return '';
    if (/only an active subscription/i.test(reason)) return t('reservation.config.invalid.notActive');
    if (/read access on (this|the) management group/i.test(reason)) return t('reservation.config.invalid.mgAccess');
    return policyReason(reason);
  };
  return { state, term, plan, renew, role, scope, decision, scopeReason, policyReason };
}

/** The order and reservation GUIDs of a resource id /providers/microsoft.capacity/reservationOrders/{o}/reservations/{r}. */
export function idsOfResource(id: string): { orderId: string; reservationId: string } | undefined {
  const m = /reservationOrders\/([0-9a-f-]{36})\/reservations\/([0-9a-f-]{36})/i.exec(id);
  return m ? { orderId: m[1]!, reservationId: m[2]! } : undefined;
}
