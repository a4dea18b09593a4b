import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody,
  MessageBarTitle, Text, Textarea, Tooltip, makeStyles, tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Facts } from '../money/Facts.tsx';
import { useReservationWords } from '../reservation/reservation-words.ts';
import { PolicyErrors } from '../money/PolicyErrors.tsx';
import type { ConsoleReservation, ExchangeQuote, MoneyJson, PolicyError, RefundQuote } from '../money/types.ts';
import { DueTime, SeverityBadge, StatusBadge } from '../support/Badges.tsx';
import { isProviderDesk, supportPermissions } from '../support/permissions.ts';
import { RequestFacts } from '../support/RequestFacts.tsx';
import type { SupportRequestView } from '../support/support-types.ts';
import { Thread } from '../support/Thread.tsx';

/**
 * A request on the provider desk: the thread, the reservation, a fresh quote of the requested
 * action (what approving executes now, under the requesting partner user's rights), and Approve
 * (executes; confirmation with its own Idempotency-Key) or Reject with a required reason. An
 * approval the engine refuses leaves the request In progress with the reason, shown here.
 */

interface FreshReturn {
  type: 'return';
  quote: RefundQuote;
  allowanceBefore: { limit: MoneyJson; consumed: MoneyJson; remaining: MoneyJson };
  allowanceAfter: { consumed: MoneyJson; remaining: MoneyJson };
  exceededBy: MoneyJson;
  policyErrors: PolicyError[];
}
interface FreshExchange { type: 'exchange'; quote: ExchangeQuote; policyErrors: PolicyError[]; returns: unknown[]; purchases: unknown[] }

interface DeskView {
  request: SupportRequestView;
  customer: { id: string; companyName: string } | null;
  partner: { id: string; name: string } | null;
  reservation: ConsoleReservation | null;
  freshQuote: FreshReturn | FreshExchange | null;
  freshQuoteError: { code: string; message: string } | null;
}

const useStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)', gap: tokens.spacingHorizontalXXL, alignItems: 'start' },
  side: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  description: { whiteSpace: 'pre-wrap' },
  bar: { marginBottom: tokens.spacingVerticalL },
  commands: { display: 'flex', gap: tokens.spacingHorizontalS, marginTop: `-${tokens.spacingVerticalS}`, marginBottom: tokens.spacingVerticalL },
});

export default function DeskRequestPage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const { me } = useSession();
  const words = useReservationWords();
  const { id = '' } = useParams();
  const desk = isProviderDesk(me);
  const view = useApi<DeskView>(desk ? `/v1/supportRequests/${id}/desk` : null);
  const [dialog, setDialog] = useState<'approve' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [reasonInvalid, setReasonInvalid] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [result, setResult] = useState<SupportRequestView | null>(null);
  const idempotencyKey = useRef('');

  if (!desk) {
    return (
      <>
        <PageHeader title={t('desk.title')} breadcrumb={[{ label: t('desk.title') }]} />
        <EmptyState title={t('desk.notForYou')} body={t('support.reason.deskOnly')} />
      </>
    );
  }
  if (view.error) {
    return (
      <>
        <PageHeader title={t('desk.title')} breadcrumb={[{ label: t('desk.title'), to: '/desk' }, { label: id }]} />
        <ErrorState error={view.error} onRetry={view.reload} />
      </>
    );
  }
  if (!view.data) return <Loading />;
  const { request, customer, partner, reservation, freshQuote, freshQuoteError } = view.data;
  const may = supportPermissions(me, request.status);
  const m = (x?: MoneyJson) => (x ? fmt.money(x.amountMinor, x.currencyCode) : '—');

  const open = (which: 'approve' | 'reject') => {
    idempotencyKey.current = crypto.randomUUID();
    setError(null);
    setReason('');
    setReasonInvalid(false);
    setDialog(which);
  };

  const submit = async () => {
    if (dialog === 'reject' && !reason.trim()) {
      setReasonInvalid(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = dialog === 'approve'
        ? await api<SupportRequestView>('POST', `/v1/supportRequests/${request.id}/approve`, undefined, { idempotencyKey: idempotencyKey.current })
        : await api<SupportRequestView>('POST', `/v1/supportRequests/${request.id}/reject`, { reason: reason.trim() });
      setResult(next);
      setDialog(null);
      view.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };

  const decideButton = (which: 'approve' | 'reject') => {
    const label = t(which === 'approve' ? 'desk.approve' : 'desk.reject');
    if (may.decide.allowed) {
      return <Button appearance={which === 'approve' ? 'primary' : 'secondary'} onClick={() => open(which)} data-testid={`desk-${which}`}>{label}</Button>;
    }
    return (
      <Tooltip content={may.decide.reasonKey ? t(may.decide.reasonKey) : ''} relationship="description">
        <Button disabledFocusable data-testid={`desk-${which}`}>{label}</Button>
      </Tooltip>
    );
  };

  const fresh = freshQuote;
  return (
    <>
      <PageHeader
        title={`${request.number} · ${request.title}`}
        breadcrumb={[{ label: t('desk.title'), to: '/desk' }, { label: request.number }]}
        badges={<><StatusBadge status={request.status} /><SeverityBadge severity={request.severity} /></>}
      />
      {/* A plain row rather than the header's Toolbar (Tabster's mover leaves focus sentinels axe flags). */}
      <div className={s.commands} role="group" aria-label={t('support.detail.commands')}>{decideButton('approve')}{decideButton('reject')}</div>
      {result && result.status === 'Resolved' ? (
        <MessageBar intent="success" className={s.bar} layout="multiline" data-testid="desk-approved">
          <MessageBarBody>
            <MessageBarTitle>{t('desk.approved')}</MessageBarTitle>
            {result.transactionId ? t('support.detail.executedBody', { transactionId: result.transactionId }) : t('desk.approvedNoAction')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {result && result.status === 'Rejected' ? (
        <MessageBar intent="info" className={s.bar}><MessageBarBody>{t('desk.rejected')}</MessageBarBody></MessageBar>
      ) : null}
      {request.statusReason && request.status !== 'Resolved' ? (
        <MessageBar intent={request.status === 'Rejected' ? 'error' : 'warning'} className={s.bar} layout="multiline" data-testid="desk-status-reason">
          <MessageBarBody>
            <MessageBarTitle>{t(request.status === 'InProgress' ? 'desk.notExecuted' : 'support.detail.statusReason')}</MessageBarTitle>
            {request.statusReason}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={s.layout}>
        <div className={s.side}>
          <section aria-labelledby="desk-description">
            <h2 id="desk-description" className={s.h2}>{t('support.field.description')}</h2>
            <Text as="p" className={s.description}>{request.description}</Text>
          </section>
          {request.requestedAction ? (
            <section aria-labelledby="desk-quote">
              <h2 id="desk-quote" className={s.h2}>{t('desk.freshQuote')}</h2>
              <Text size={200} block>{t('desk.freshQuoteHint')}</Text>
              {freshQuoteError ? (
                <MessageBar intent="error"><MessageBarBody>{freshQuoteError.message}</MessageBarBody></MessageBar>
              ) : null}
              {!fresh && !freshQuoteError ? <Text>{t('desk.noFreshQuote')}</Text> : null}
              {fresh?.type === 'return' ? (
                <>
                  <Facts items={[
                    { label: t('money.return.quantity'), value: fmt.number(fresh.quote.quantity) },
                    { label: t('money.return.remainingDays'), value: t('money.return.daysOf', { days: fresh.quote.remainingDays, term: fresh.quote.termDays }) },
                    { label: t('money.return.proratedRefund'), value: m(fresh.quote.grossRefund) },
                    { label: t('money.return.fee'), value: m(fresh.quote.fee) },
                    { label: t('money.return.netRefund'), value: m(fresh.quote.netRefund), strong: true, testId: 'desk-net-refund' },
                    { label: t('money.return.allowanceBefore'), value: t('money.return.allowanceOf', { remaining: m(fresh.allowanceBefore.remaining), limit: m(fresh.allowanceBefore.limit) }) },
                    { label: t('money.return.allowanceAfter'), value: t('money.return.allowanceOf', { remaining: m(fresh.allowanceAfter.remaining), limit: m(fresh.allowanceBefore.limit) }) },
                  ]} />
                  <PolicyErrors errors={fresh.policyErrors} amounts={{ cancelledCommitment: fresh.quote.cancelledCommitment, remaining: fresh.allowanceBefore.remaining, limit: fresh.allowanceBefore.limit, exceededBy: fresh.exceededBy }} />
                </>
              ) : null}
              {fresh?.type === 'exchange' ? (
                <>
                  <Facts items={[
                    { label: t('money.exchange.refundsTotal'), value: m(fresh.quote.refundsTotal) },
                    { label: t('money.exchange.purchasesTotal'), value: m(fresh.quote.purchasesTotal) },
                    { label: t('money.exchange.netPayable'), value: m(fresh.quote.netPayable), strong: true },
                    {
                      label: t('money.exchange.commitmentRule'),
                      value: fresh.quote.commitmentShortfall.amountMinor === 0 ? t('money.exchange.ruleMet') : t('money.exchange.ruleShort', { amount: m(fresh.quote.commitmentShortfall) }),
                    },
                  ]} />
                  <PolicyErrors errors={fresh.policyErrors} amounts={{ shortfall: fresh.quote.commitmentShortfall, remainingCommitment: fresh.quote.remainingCommitment, newCommitment: fresh.quote.newCommitment }} />
                </>
              ) : null}
            </section>
          ) : null}
          <Thread request={request} decision={may.message} desk onChanged={() => view.reload()} />
        </div>
        <div className={s.side}>
          <section aria-labelledby="desk-props">
            <h2 id="desk-props" className={s.h2}>{t('support.detail.properties')}</h2>
            <Facts items={[
              { label: t('desk.partner'), value: partner?.name ?? request.partnerId },
              { label: t('support.field.customer'), value: customer?.companyName ?? request.customerId },
              { label: t('support.col.due'), value: <DueTime dueAt={request.dueAt} overdue={request.overdue} /> },
              { label: t('support.col.created'), value: fmt.dateTime(request.createdAt) },
            ]} />
          </section>
          {reservation ? (
            <section aria-labelledby="desk-reservation">
              <h2 id="desk-reservation" className={s.h2}>{t('desk.reservation')}</h2>
              <Facts items={[
                { label: t('money.col.name'), value: reservation.properties.displayName ?? reservation.name },
                { label: t('money.col.type'), value: reservation.properties.reservedResourceType },
                { label: t('money.col.sku'), value: reservation.sku.name },
                { label: t('money.col.region'), value: reservation.location },
                { label: t('money.col.quantity'), value: fmt.number(reservation.properties.quantity) },
                { label: t('money.col.term'), value: t(`money.term.${reservation.properties.term}`) },
                { label: t('money.col.billingPlan'), value: t(`money.plan.${reservation.properties.billingPlan}`) },
                { label: t('money.col.state'), value: words.state(reservation as unknown as Parameters<typeof words.state>[0]) },
                { label: t('money.col.expiry'), value: reservation.properties.expiryDate ? fmt.date(reservation.properties.expiryDate) : '—' },
              ]} />
            </section>
          ) : null}
          <RequestFacts request={request} linkReservation={false} />
        </div>
      </div>
      {dialog !== null ? (
        <Dialog open onOpenChange={(_, d) => { if (!busy && !d.open) setDialog(null); }}>
          <DialogSurface aria-describedby="desk-dialog-body">
            <DialogBody>
              <DialogTitle>{t(dialog === 'reject' ? 'desk.rejectTitle' : 'desk.approveTitle')}</DialogTitle>
              <DialogContent id="desk-dialog-body">
                {dialog === 'approve' ? (
                  <Text block>
                    {fresh?.type === 'return'
                      ? t('desk.approveReturn', { quantity: fresh.quote.quantity, amount: m(fresh.quote.netRefund) })
                      : fresh?.type === 'exchange'
                        ? t('desk.approveExchange', { net: m(fresh.quote.netPayable) })
                        : t('desk.approveNoAction')}
                  </Text>
                ) : (
                  <Field
                    label={t('desk.rejectReason')}
                    required
                    validationState={reasonInvalid ? 'error' : undefined}
                    validationMessage={reasonInvalid ? t('desk.rejectReasonRequired') : undefined}
                  >
                    <Textarea value={reason} onChange={(_, d) => { setReason(d.value); setReasonInvalid(false); }} rows={3} maxLength={2000} data-testid="desk-reject-reason" />
                  </Field>
                )}
                {error ? <ErrorState error={error} /> : null}
              </DialogContent>
              <DialogActions>
                <Button onClick={() => setDialog(null)} disabled={busy}>{t('money.cancel')}</Button>
                <Button appearance="primary" onClick={() => void submit()} disabled={busy} data-testid="desk-confirm">
                  {t(dialog === 'reject' ? 'desk.reject' : 'desk.approve')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </>
  );
}
