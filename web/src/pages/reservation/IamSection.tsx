import {
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens, MessageBar, MessageBarBody,
} from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useApi } from '../../api/use-api.ts';
import { ActionButton } from '../../components/ActionButton.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { AddRoleAssignmentDialog } from './AddRoleAssignmentDialog.tsx';
import { EffectiveAccessCard } from './EffectiveAccessCard.tsx';
import { RemoveRoleAssignmentDialog } from './RemoveRoleAssignmentDialog.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { Collection, ReservationJson, RoleAssignmentJson } from './types.ts';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'flex-start', gap: tokens.spacingHorizontalL, '& > button': { flexShrink: 0, whiteSpace: 'nowrap' } },
  h2: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  sub: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  tableBox: { minHeight: '120px', overflowX: 'auto' },
});

/**
 * Access control (IAM) / 액세스 제어(IAM): the role assignments on the reservation and those it
 * inherits from its order, add (role + principal) and remove for those who may manage access, and
 * the caller's own effective access explained. Read-only for everyone else.
 */
export default function IamSection({ reservation: r }: { reservation: ReservationJson }) {
  const t = useT();
  const s = useStyles();
  const words = useReservationWords();
  const base = `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}`;
  const list = useApi<Collection<RoleAssignmentJson>>(`${base}/roleAssignments`);
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<RoleAssignmentJson | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [accessGeneration, setAccessGeneration] = useState(0);
  const manage = words.decision(r.allowedActions?.manageAccess);
  const changed = (message: string) => {
    setNotice(message);
    list.reload();
    setAccessGeneration((g) => g + 1);
  };
  const tenantWord = (tenant?: string) => (tenant ? t(`reservation.iam.tenant.${tenant}`) : '');

  return (
    <div className={s.root}>
      <div className={s.head}>
        <div>
          <h2 className={s.h2}>{t('reservation.iam.title')}</h2>
          <Text>{t('reservation.iam.intro')}</Text>
        </div>
        <ActionButton decision={manage} appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)} data-command="add-role">{t('reservation.iam.add')}</ActionButton>
      </div>
      {!manage.allowed ? <MessageBar intent="info"><MessageBarBody>{t('reservation.iam.mayNotChange')} {manage.reason}</MessageBarBody></MessageBar> : null}
      {notice ? <MessageBar intent="success" role="status"><MessageBarBody>{notice}</MessageBarBody></MessageBar> : null}
      <div className={s.tableBox}>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : !list.data ? <Loading /> : list.data.items.length === 0 ? (
          <EmptyState title={t('reservation.iam.empty')} body={t('reservation.iam.emptyBody')} />
        ) : (
          <Table aria-label={t('reservation.iam.title')} size="small" data-table="role-assignments">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('reservation.iam.col.principal')}</TableHeaderCell>
                <TableHeaderCell>{t('reservation.iam.col.type')}</TableHeaderCell>
                <TableHeaderCell>{t('reservation.iam.col.role')}</TableHeaderCell>
                <TableHeaderCell>{t('reservation.iam.col.scope')}</TableHeaderCell>
                <TableHeaderCell>{t('reservation.iam.col.actions')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.items.map((a) => (
                <TableRow key={a.id} data-assignment={a.id}>
                  <TableCell>
                    <div>{a.principalDisplayName ?? a.principalId}</div>
                    <div className={s.sub}>{[a.principalEmail, tenantWord(a.principalTenant)].filter(Boolean).join(' · ')}</div>
                  </TableCell>
                  <TableCell>{t(`reservation.iam.type.${a.principalType}`)}</TableCell>
                  <TableCell>{words.role(a.roleName)}</TableCell>
                  <TableCell>{t(a.inherited ? 'reservation.iam.scope.order' : 'reservation.iam.scope.reservation')}</TableCell>
                  <TableCell>
                    <ActionButton
                      decision={a.inherited ? { allowed: false, reason: t('reservation.iam.inheritedNote') } : manage}
                      appearance="subtle" size="small" icon={<DeleteRegular />}
                      aria-label={t('reservation.iam.removeNamed', { role: words.role(a.roleName), principal: a.principalDisplayName ?? a.principalId })}
                      onClick={() => setRemoving(a)}
                    >
                      {t('reservation.iam.remove')}
                    </ActionButton>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>
      <EffectiveAccessCard base={base} generation={accessGeneration} />
      {adding ? <AddRoleAssignmentDialog base={base} onClose={() => setAdding(false)} onAdded={(msg) => { setAdding(false); changed(msg); }} /> : null}
      {removing ? <RemoveRoleAssignmentDialog base={base} assignment={removing} onClose={() => setRemoving(null)} onRemoved={(msg) => { setRemoving(null); changed(msg); }} /> : null}
    </div>
  );
}
