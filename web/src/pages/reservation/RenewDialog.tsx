import { Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import type { ReservationJson } from './types.ts';

/** Renew: turns auto-renew on or off (PATCH /v1/reservations/{o}/{r} {renew}). */
export function RenewDialog({ reservation: r, onClose, onDone }: { reservation: ReservationJson; onClose(): void; onDone(): void }) {
  const t = useT();
  const fmt = useFormat();
  const [renew, setRenew] = useState(!r.properties.renew);
  const [done, setDone] = useState<boolean | null>(null);
  const submit = async () => {
    const out = await api<ReservationJson>('PATCH', `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}`, { renew });
    setDone(out.properties.renew);
    onDone();
  };
  return (
    <ActionDialog
      title={t('reservation.renew.title')}
      submitLabel={t('reservation.renew.submit')}
      canSubmit={renew !== r.properties.renew}
      onSubmit={submit}
      onClose={onClose}
      done={done === null ? undefined : t('reservation.renew.done', { state: t(done ? 'reservation.renew.On' : 'reservation.renew.Off') })}
    >
      <Text block>{t('reservation.renew.body', { date: fmt.date(r.properties.expiryDate) })}</Text>
      <Switch checked={renew} onChange={(_, d) => setRenew(d.checked)} label={`${t('reservation.renew.switch')}: ${t(renew ? 'reservation.renew.On' : 'reservation.renew.Off')}`} />
    </ActionDialog>
  );
}
