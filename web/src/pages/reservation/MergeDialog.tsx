import { Checkbox, Field, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { idsOfResource } from './reservation-words.ts';
import { isActiveReservation, reservationPath, type ReservationJson } from './types.ts';

/** The reservations of the order that can merge with `r` (the service's rule: same type, SKU, region, term, plan and end date, active). */
export function likeReservations(r: ReservationJson, all: readonly ReservationJson[]): ReservationJson[] {
  const p = r.properties;
  return all.filter((x) => x.name !== r.name && isActiveReservation(x)
    && x.properties.reservedResourceType === p.reservedResourceType && x.sku.name === r.sku.name && x.location === r.location
    && x.properties.term === p.term && x.properties.billingPlan === p.billingPlan && x.properties.expiryDateTime === p.expiryDateTime);
}

/** Merge: this reservation and the chosen like ones into one (POST /v1/reservationOrders/{o}/merge). */
export function MergeDialog({ reservation: r, candidates, onClose, onDone }: { reservation: ReservationJson; candidates: ReservationJson[]; onClose(): void; onDone(): void }) {
  const t = useT();
  const [chosen, setChosen] = useState<string[]>(candidates.length === 1 ? [candidates[0]!.id] : []);
  const [result, setResult] = useState<{ id: string; quantity: number } | null>(null);
  const submit = async () => {
    const out = await api<{ destination: { id: string; properties: { quantity: number } } }>('POST', `/v1/reservationOrders/${r.properties.reservationOrderId}/merge`, { sources: [r.id, ...chosen] });
    setResult({ id: out.destination.id, quantity: out.destination.properties.quantity });
    onDone();
  };
  const dest = result ? idsOfResource(result.id) : undefined;
  return (
    <ActionDialog
      title={t('reservation.merge.title')}
      submitLabel={t('reservation.merge.submit')}
      canSubmit={chosen.length > 0}
      onSubmit={submit}
      onClose={onClose}
      done={result ? (
        <>
          {t('reservation.merge.done', { quantity: result.quantity })}{' '}
          {dest ? <Link to={reservationPath(dest.orderId, dest.reservationId)} onClick={onClose}>{t('reservation.merge.open')}</Link> : null}
        </>
      ) : undefined}
    >
      <Text block>{t('reservation.merge.body', { name: r.properties.displayName })}</Text>
      <Field label={t('reservation.merge.pick')} validationMessage={chosen.length === 0 ? t('reservation.merge.pickOne') : undefined} validationState="none">
        <div role="group">
          {candidates.map((c) => (
            <Checkbox
              key={c.id}
              checked={chosen.includes(c.id)}
              onChange={(_, d) => setChosen(d.checked ? [...chosen, c.id] : chosen.filter((x) => x !== c.id))}
              label={t('reservation.merge.option', { name: c.properties.displayName, quantity: c.properties.quantity })}
            />
          ))}
        </div>
      </Field>
    </ActionDialog>
  );
}
