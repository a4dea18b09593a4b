import { Text } from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import type { ReservationJson } from './types.ts';

/** Archive a finished reservation, or unarchive an archived one (POST …/archive | …/unarchive). */
export function ArchiveDialog({ reservation: r, onClose, onDone }: { reservation: ReservationJson; onClose(): void; onDone(): void }) {
  const t = useT();
  const un = r.properties.archived;
  const [done, setDone] = useState(false);
  const submit = async () => {
    await api('POST', `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}/${un ? 'unarchive' : 'archive'}`);
    setDone(true);
    onDone();
  };
  return (
    <ActionDialog
      title={t(un ? 'reservation.unarchive.title' : 'reservation.archive.title')}
      submitLabel={t(un ? 'reservation.unarchive.submit' : 'reservation.archive.submit')}
      onSubmit={submit}
      onClose={onClose}
      done={done ? t(un ? 'reservation.unarchive.done' : 'reservation.archive.done') : undefined}
    >
      <Text block>{t(un ? 'reservation.unarchive.body' : 'reservation.archive.body', { name: r.properties.displayName })}</Text>
    </ActionDialog>
  );
}
