import { Badge, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useApi } from '../../api/use-api.ts';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { EffectiveAccessJson } from './types.ts';

const useStyles = makeStyles({
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minHeight: '160px',
  },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  list: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
  actions: { display: 'grid', gridTemplateColumns: 'minmax(140px, 200px) auto minmax(0, 1fr)', gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`, alignItems: 'start', margin: 0 },
  reason: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

const SHOWN_ACTIONS = ['read', 'return', 'exchange', 'updateScope', 'renew', 'split', 'merge', 'archive', 'manageAccess', 'createSupportRequest'];

/** "Your access": why the caller has the access it has, and each action allowed or not with the reason. */
export function EffectiveAccessCard({ base, generation }: { base: string; generation: number }) {
  const t = useT();
  const s = useStyles();
  const words = useReservationWords();
  const { me } = useSession();
  const access = useApi<EffectiveAccessJson>(`${base}/effectiveAccess`);
  const { reload } = access;
  useEffect(() => {
    if (generation > 0) reload();
  }, [generation, reload]);
  const roleWord = (role: string) => {
    for (const key of [`shell.role.${role}`, `reservation.actorRole.${role}`]) {
      const text = t(key);
      if (!text.startsWith('⟦')) return text;
    }
    return role;
  };
  return (
    <section className={s.card} aria-labelledby="iam-access" data-region="effective-access">
      <h2 id="iam-access" className={s.h2}>{t('reservation.access.title')}</h2>
      {access.error ? <ErrorState error={access.error} onRetry={reload} /> : !access.data ? <Loading /> : (
        <>
          <Text>{t('reservation.access.you', { name: me.name, roles: access.data.roles.map(roleWord).join(', ') })}</Text>
          <ul className={s.list}>
            {access.data.grounds.map((g) => (
              <li key={g}>
                {t(`reservation.access.ground.${g}`)}
                {g === 'azureRole' ? (
                  <ul className={s.list}>
                    {access.data!.heldRoles.map((h, i) => {
                      const vars = { role: words.role(h.roleName), scope: t(h.scope === 'reservation' ? 'reservation.iam.scope.reservation' : 'reservation.iam.scope.order'), group: h.viaGroup?.displayName ?? '' };
                      return <li key={i}>{t(h.viaGroup ? 'reservation.access.heldVia' : 'reservation.access.held', vars)}</li>;
                    })}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
          <Text weight="semibold">{t('reservation.access.actions')}</Text>
          <dl className={s.actions}>
            {SHOWN_ACTIONS.filter((a) => access.data!.actions[a]).map((a) => {
              const d = words.decision(access.data!.actions[a]);
              return (
                <div key={a} style={{ display: 'contents' }} data-action={a} data-allowed={d.allowed}>
                  <dt>{t(`reservation.action.${a}`)}</dt>
                  <dd style={{ margin: 0 }}><Badge appearance="tint" color={d.allowed ? 'success' : 'subtle'}>{t(d.allowed ? 'reservation.access.allowed' : 'reservation.access.denied')}</Badge></dd>
                  <dd style={{ margin: 0 }} className={s.reason}>{d.allowed ? '' : d.reason}</dd>
                </div>
              );
            })}
          </dl>
        </>
      )}
    </section>
  );
}
