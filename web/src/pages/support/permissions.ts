import type { Me } from '../../session.tsx';
import { FINAL_STATUSES } from './support-types.ts';

/**
 * What the signed-in user may do on a support request, mirroring the server
 * (support-service.ts requirePartnerMayAct, approve/reject): a partner's Global admins and admin
 * agents write and close (resellers never), the provider desk writes, approves and rejects.
 * Each "no" carries the i18n key of its reason, so a disabled button says why.
 */
export interface SupportDecision {
  allowed: boolean;
  reasonKey?: string;
}

const MANAGING = ['GlobalAdmin', 'AdminAgent'];

export function isProviderDesk(me: Me): boolean {
  return me.tenantType === 'provider' && me.roles.some((r) => r === 'SupportEngineer' || r === 'ProviderAdmin');
}

function partnerMayAct(me: Me): SupportDecision {
  if (me.tenantType !== 'partner') return { allowed: false, reasonKey: 'support.reason.partnerOnly' };
  if (me.partner?.type === 'IndirectReseller') return { allowed: false, reasonKey: 'support.reason.reseller' };
  return me.roles.some((r) => MANAGING.includes(r)) ? { allowed: true } : { allowed: false, reasonKey: 'support.reason.role' };
}

export function supportPermissions(me: Me, status: string): { message: SupportDecision; close: SupportDecision; decide: SupportDecision } {
  const final = FINAL_STATUSES.includes(status);
  const finalNo: SupportDecision = { allowed: false, reasonKey: 'support.reason.final' };
  const desk = isProviderDesk(me);
  return {
    message: final ? finalNo : desk ? { allowed: true } : partnerMayAct(me),
    close: final ? finalNo : desk ? { allowed: false, reasonKey: 'support.reason.partnerCloses' } : partnerMayAct(me),
    decide: final ? finalNo : desk ? { allowed: true } : { allowed: false, reasonKey: 'support.reason.deskOnly' },
  };
}
