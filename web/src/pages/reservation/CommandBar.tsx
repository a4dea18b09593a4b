import { Divider } from '@fluentui/react-components';
import {
  ArchiveRegular, ArrowCounterclockwiseRegular, ArrowRepeatAllRegular, ArrowSwapRegular, ArrowUndoRegular, MergeRegular, SplitVerticalRegular,
} from '@fluentui/react-icons';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ActionButton } from '../../components/ActionButton.tsx';
import { useApi } from '../../api/use-api.ts';
import { useT } from '../../i18n/index.tsx';
import { ArchiveDialog } from './ArchiveDialog.tsx';
import { likeReservations, MergeDialog } from './MergeDialog.tsx';
import { RenewDialog } from './RenewDialog.tsx';
import { useReservationWords } from './reservation-words.ts';
import { SplitDialog } from './SplitDialog.tsx';
import { isActiveReservation, reservationPath, type Decision, type ReservationJson } from './types.ts';

type Dialog = 'split' | 'merge' | 'renew' | 'archive' | null;
const FINISHED = ['Cancelled', 'Expired', 'Failed'];

/**
 * The Overview command bar: Return, Exchange, then split, merge, renew and archive. Each button is
 * enabled only when the API's allowedActions allow it AND the reservation is in a state where the
 * action applies; otherwise it stays visible, disabled, with the reason (never offered, then refused).
 */
export function CommandBar({ reservation: r, onChanged }: { reservation: ReservationJson; onChanged(): void }) {
  const t = useT();
  const words = useReservationWords();
  const navigate = useNavigate();
  const [open, setOpen] = useState<Dialog>(null);
  const p = r.properties;
  const active = isActiveReservation(r);
  const stateReason = t('reservation.why.notActive', { state: words.state(r) });
  // Like reservations of the same order, for Merge (the Azure door lists an order's reservations).
  const siblings = useApi<{ value: ReservationJson[] }>(active ? `/providers/Microsoft.Capacity/reservationOrders/${p.reservationOrderId}/reservations?api-version=2022-11-01` : null);
  const partners = siblings.data ? likeReservations(r, siblings.data.value) : [];

  /** The API's decision first (who may), then whether it applies to this reservation now. */
  const gate = (action: string, applies: boolean, why: string): Decision => {
    const d = words.decision(r.allowedActions?.[action]);
    if (!d.allowed) return d;
    return applies ? d : { allowed: false, reason: why };
  };
  const canReturn = gate('return', active, stateReason);
  const canExchange = gate('exchange', active, stateReason);
  const canSplit = gate('split', active && p.quantity >= 2, active ? t('reservation.why.quantityOne') : stateReason);
  const canMerge = gate('merge', active && partners.length > 0,
    !active ? stateReason : siblings.loading ? t('reservation.why.loading') : t('reservation.why.noMergePartner'));
  const canRenew = gate('renew', active, stateReason);
  const finished = FINISHED.includes(p.displayProvisioningState) || p.archived;
  const canArchive = gate('archive', finished, t('reservation.why.notFinished'));
  const to = (section: 'return' | 'exchange') => navigate(reservationPath(p.reservationOrderId, p.reservationId, section));

  return (
    <>
      <ActionButton decision={canReturn} appearance="subtle" icon={<ArrowUndoRegular />} onClick={() => to('return')} data-command="return">{t('reservation.cmd.return')}</ActionButton>
      <ActionButton decision={canExchange} appearance="subtle" icon={<ArrowSwapRegular />} onClick={() => to('exchange')} data-command="exchange">{t('reservation.cmd.exchange')}</ActionButton>
      <Divider vertical style={{ flexGrow: 0, height: '24px' }} />
      <ActionButton decision={canSplit} appearance="subtle" icon={<SplitVerticalRegular />} onClick={() => setOpen('split')} data-command="split">{t('reservation.cmd.split')}</ActionButton>
      <ActionButton decision={canMerge} appearance="subtle" icon={<MergeRegular />} onClick={() => setOpen('merge')} data-command="merge">{t('reservation.cmd.merge')}</ActionButton>
      <ActionButton decision={canRenew} appearance="subtle" icon={<ArrowRepeatAllRegular />} onClick={() => setOpen('renew')} data-command="renew">{t('reservation.cmd.renew')}</ActionButton>
      <ActionButton decision={canArchive} appearance="subtle" icon={p.archived ? <ArrowCounterclockwiseRegular /> : <ArchiveRegular />} onClick={() => setOpen('archive')} data-command="archive">
        {t(p.archived ? 'reservation.cmd.unarchive' : 'reservation.cmd.archive')}
      </ActionButton>
      {open === 'split' ? <SplitDialog reservation={r} onClose={() => setOpen(null)} onDone={onChanged} /> : null}
      {open === 'merge' ? <MergeDialog reservation={r} candidates={partners} onClose={() => setOpen(null)} onDone={onChanged} /> : null}
      {open === 'renew' ? <RenewDialog reservation={r} onClose={() => setOpen(null)} onDone={onChanged} /> : null}
      {open === 'archive' ? <ArchiveDialog reservation={r} onClose={() => setOpen(null)} onDone={onChanged} /> : null}
    </>
  );
}
