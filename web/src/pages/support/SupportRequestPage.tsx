import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, MessageBarTitle,
  Text, Tooltip, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Facts } from '../money/Facts.tsx';
import { DueTime, SeverityBadge, StatusBadge } from './Badges.tsx';
import { supportPermissions } from './permissions.ts';
import { RequestFacts } from './RequestFacts.tsx';
import type { SupportRequestView } from './support-types.ts';
import { Thread } from './Thread.tsx';

/** One support request: its properties, the requested action, the thread (add a message) and Close. */
const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(280px, 2fr)', gap: tokens.spacingHorizontalXXL, alignItems: 'start' },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  description: { whiteSpace: 'pre-wrap' },
  commands: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: `-${tokens.spacingVerticalS}`, marginBottom: tokens.spacingVerticalL },
});

export default function SupportRequestPage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const { me } = useSession();
  const { id = '' } = useParams();
  const loaded = useApi<SupportRequestView>(`/v1/supportRequests/${id}`);
  const [request, setRequest] = useState<SupportRequestView | undefined>(undefined);
  const [confirmClose, setConfirmClose] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => setRequest(loaded.data), [loaded.data]);

  if (loaded.error) {
    return (
      <>
        <PageHeader title={t('support.detail.title')} breadcrumb={[{ label: t('support.list.title'), to: '/support-requests' }, { label: id }]} />
        <ErrorState error={loaded.error} onRetry={loaded.reload} />
      </>
    );
  }
  if (!request) return <Loading />;

  const may = supportPermissions(me, request.status);
  const close = async () => {
    setBusy(true);
    setError(null);
    try {
      setRequest(await api<SupportRequestView>('POST', `/v1/supportRequests/${request.id}/close`));
      setConfirmClose(false);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const closeButton = may.close.allowed ? (
    <Button onClick={() => setConfirmClose(true)} data-testid="close-request">{t('support.detail.close')}</Button>
  ) : (
    <Tooltip content={may.close.reasonKey ? t(may.close.reasonKey) : ''} relationship="description">
      <Button disabledFocusable data-testid="close-request">{t('support.detail.close')}</Button>
    </Tooltip>
  );

  return (
    <>
      <PageHeader
        title={`${request.number} · ${request.title}`}
        breadcrumb={[{ label: t('support.list.title'), to: '/support-requests' }, { label: request.number }]}
        badges={<><StatusBadge status={request.status} /><SeverityBadge severity={request.severity} /></>}
      />
      {/* A plain row rather than the header's Toolbar: Tabster's mover around a lone button leaves focus sentinels axe flags. */}
      <div className={s.commands} role="group" aria-label={t('support.detail.commands')}>{closeButton}</div>
      {request.statusReason ? (
        <MessageBar intent={request.status === 'Rejected' ? 'error' : 'warning'} layout="multiline" style={{ marginBottom: tokens.spacingVerticalL }}>
          <MessageBarBody>
            <MessageBarTitle>{t('support.detail.statusReason')}</MessageBarTitle>
            {request.statusReason === 'Closed by the partner' ? t('support.detail.closedByPartner') : request.statusReason}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {request.status === 'Resolved' && request.transactionId ? (
        <MessageBar intent="success" layout="multiline" style={{ marginBottom: tokens.spacingVerticalL }}>
          <MessageBarBody>
            <MessageBarTitle>{t('support.detail.executed')}</MessageBarTitle>
            {t('support.detail.executedBody', { transactionId: request.transactionId })}{' '}
            <Link to="/billing">{t('money.openBilling')}</Link>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.layout}>
        <div className={s.side}>
          <section aria-labelledby="sr-description">
            <h2 id="sr-description" className={s.h2}>{t('support.field.description')}</h2>
            <Text as="p" className={s.description}>{request.description}</Text>
          </section>
          <Thread request={request} decision={may.message} onChanged={setRequest} />
        </div>
        <div className={s.side}>
          <section aria-labelledby="sr-props">
            <h2 id="sr-props" className={s.h2}>{t('support.detail.properties')}</h2>
            <Facts items={[
              { label: t('support.field.status'), value: <StatusBadge status={request.status} /> },
              { label: t('support.col.due'), value: <DueTime dueAt={request.dueAt} overdue={request.overdue} /> },
              { label: t('support.col.created'), value: fmt.dateTime(request.createdAt) },
              ...(request.closedAt ? [{ label: t('support.detail.closedAt'), value: fmt.dateTime(request.closedAt) }] : []),
            ]} />
          </section>
          <RequestFacts request={request} />
        </div>
      </div>
      {confirmClose ? (
        <Dialog open onOpenChange={(_, d) => { if (!busy) setConfirmClose(d.open); }}>
          <DialogSurface aria-describedby="close-body">
            <DialogBody>
              <DialogTitle>{t('support.detail.closeTitle')}</DialogTitle>
              <DialogContent id="close-body">
                <Text block>{t('support.detail.closeBody', { number: request.number })}</Text>
                {error ? <ErrorState error={error} /> : null}
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setConfirmClose(false)} disabled={busy}>{t('money.cancel')}</Button>
                <Button appearance="primary" onClick={() => void close()} disabled={busy}>{t('support.detail.close')}</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </>
  );
}
