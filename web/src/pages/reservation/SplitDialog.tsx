import { Button, Field, SpinButton, Text, makeStyles, tokens } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { idsOfResource } from './reservation-words.ts';
import { reservationPath, type ReservationJson } from './types.ts';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, marginTop: tokens.spacingVerticalS },
  list: { margin: `${tokens.spacingVerticalS} 0 0`, paddingInlineStart: tokens.spacingHorizontalL },
});

/** Split: two or more quantities adding up to the reservation's (POST …/split). */
export function SplitDialog({ reservation: r, onClose, onDone }: { reservation: ReservationJson; onClose(): void; onDone(): void }) {
  const t = useT();
  const s = useStyles();
  const q = r.properties.quantity;
  const [parts, setParts] = useState<number[]>([Math.ceil(q / 2), Math.floor(q / 2)]);
  const [result, setResult] = useState<string[] | null>(null);
  const sum = parts.reduce((a, b) => a + b, 0);
  const valid = parts.length >= 2 && parts.every((n) => Number.isInteger(n) && n >= 1) && sum === q;
  const name = r.properties.displayName;
  const submit = async () => {
    const out = await api<{ destinations: Array<{ id: string }> }>('POST', `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}/split`, { quantities: parts });
    setResult(out.destinations.map((d) => d.id));
    onDone();
  };
  return (
    <ActionDialog
      title={t('reservation.split.title')}
      submitLabel={t('reservation.split.submit')}
      canSubmit={valid}
      onSubmit={submit}
      onClose={onClose}
      done={result ? (
        <>
          {t('reservation.split.done', { count: result.length })}
          <ul className={s.list}>
            {result.map((id) => { const ids = idsOfResource(id); return ids ? <li key={id}><Link to={reservationPath(ids.orderId, ids.reservationId)} onClick={onClose}>{ids.reservationId}</Link></li> : null; })}
          </ul>
        </>
      ) : undefined}
    >
      <Text block>{t('reservation.split.body', { name, quantity: q })}</Text>
      {parts.map((n, i) => (
        <div key={i} className={s.row}>
          <Field label={t('reservation.split.part', { n: i + 1 })}>
            <SpinButton value={n} min={1} max={q - 1} onChange={(_, d) => {
              const v = d.value ?? Number(d.displayValue);
              if (Number.isFinite(v)) setParts(parts.map((x, j) => (j === i ? Math.trunc(v as number) : x)));
            }} />
          </Field>
          {parts.length > 2 ? (
            <Button appearance="subtle" icon={<DeleteRegular />} aria-label={t('reservation.split.removePart', { n: i + 1 })} onClick={() => setParts(parts.filter((_, j) => j !== i))} />
          ) : null}
        </div>
      ))}
      <div className={s.row}>
        <Button icon={<AddRegular />} disabled={parts.length >= q} onClick={() => setParts([...parts, 1])}>{t('reservation.split.addPart')}</Button>
        <Text role="status" aria-live="polite">{sum === q ? t('reservation.split.sum', { sum, quantity: q }) : t('reservation.split.sumWrong', { sum, quantity: q })}</Text>
      </div>
    </ActionDialog>
  );
}
