import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody,
  MessageBarTitle, SpinButton, Spinner, Text, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { ActionButton } from '../../components/ActionButton.tsx';
import { ErrorState } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import NewSupportRequest from '../support/NewSupportRequest.tsx';
import { Facts } from './Facts.tsx';
import { PolicyErrors } from './PolicyErrors.tsx';
import { usePolicyReason } from './policy-words.ts';
import type { ConsoleReservation, MoneyJson, ReturnOutcome, ReturnQuoteView } from './types.ts';

/**
 * Return / 반환: the quantity and the reason, a live quote (prorated refund, fee, the customer's
 * refund allowance before and after, every policy error in plain words), then either a support
 * request for the provider desk (prefilled Billing / Reservation management / Exchange and refund,
 * carrying the requested return) or, where the user may, the return now after a confirmation.
 * Each confirmation gets its own Idempotency-Key, so a repeated click never returns twice.
 */

export interface ReturnPageProps {
  orderId: string;
  reservationId: string;
  reservation: ConsoleReservation;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '900px' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  form: { display: 'grid', gridTemplateColumns: '200px 1fr', gap: tokens.spacingHorizontalXL, alignItems: 'start' },
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minHeight: '260px',
  },
  cardHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '24px' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

export default function ReturnPage({ orderId, reservationId, reservation }: ReturnPageProps) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const reasonText = usePolicyReason();
  const max = reservation.properties.quantity;
  const name = reservation.properties.displayName ?? reservationId;
  const [quantity, setQuantity] = useState(1);
  const [reason, setReason] = useState('');
  const [quote, setQuote] = useState<ReturnQuoteView | null>(null);
  const [quoteError, setQuoteError] = useState<ApiError | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [mode, setMode] = useState<'quote' | 'request'>('quote');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ReturnOutcome | null>(null);
  const [returnError, setReturnError] = useState<ApiError | null>(null);
  const idempotencyKey = useRef<string>('');

  // The live quote: recalculated (debounced) whenever the quantity changes.
  useEffect(() => {
    if (outcome) return;
    let current = true;
    setQuoting(true);
    const timer = setTimeout(() => {
      api<ReturnQuoteView>('POST', '/v1/refunds/quote', { reservationOrderId: orderId, reservationId, quantity }).then(
        (q) => { if (current) { setQuote(q); setQuoteError(null); setQuoting(false); } },
        (err: unknown) => { if (current) { setQuoteError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err))); setQuoting(false); } },
      );
    }, 250);
    return () => { current = false; clearTimeout(timer); };
  }, [orderId, reservationId, quantity, generation, outcome]);

  const m = (x: MoneyJson | undefined) => (x ? fmt.money(x.amountMinor, x.currencyCode) : '—');
  const actions = reservation.allowedActions ?? {};
  const mayRequest = actions.createSupportRequest ?? { allowed: false };
  const mayReturn = actions.return ?? { allowed: false };
  const errors = quote?.policyErrors ?? [];
  const quoteFits = !!quote && !quoting && quote.quote.quantity === quantity;
  const returnDecision = !mayReturn.allowed
    ? { allowed: false, reason: reasonText(mayReturn.reason) }
    : errors.length
      ? { allowed: false, reason: t('money.return.blockedByErrors') }
      : !quoteFits ? { allowed: false, reason: t('money.return.waitForQuote') } : { allowed: true };
  const requestDecision = mayRequest.allowed ? { allowed: true } : { allowed: false, reason: reasonText(mayRequest.reason) };

  const openConfirm = () => {
    idempotencyKey.current = crypto.randomUUID();
    setReturnError(null);
    setConfirming(true);
  };

  const returnNow = async () => {
    if (!quote) return;
    setBusy(true);
    try {
      const result = await api<ReturnOutcome>('POST', '/v1/refunds', {
        reservationOrderId: orderId, reservationId, quantity, sessionId: quote.sessionId, ...(reason.trim() ? { returnReason: reason.trim() } : {}),
      }, { idempotencyKey: idempotencyKey.current });
      setOutcome(result);
      setConfirming(false);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err));
      setReturnError(e);
      // The server answered (a refusal, an expired quote): quote afresh; a new attempt is a new confirmation.
      // A network failure keeps the key, so retrying cannot return twice.
      if (e.status !== 0) {
        idempotencyKey.current = crypto.randomUUID();
        setGeneration((g) => g + 1);
      }
    } finally {
      setBusy(false);
    }
  };

  if (outcome) {
    return (
      <section className={s.root} aria-labelledby="return-title">
        <h2 id="return-title" className={s.h2}>{t('money.return.title')}</h2>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('money.return.done', { quantity: outcome.quantity })}</MessageBarTitle>
            {t('money.return.doneBody', { amount: m(outcome.credited), remaining: m(outcome.allowance.remaining) })}{' '}
            <Link to="/billing">{t('money.openBilling')}</Link>
          </MessageBarBody>
        </MessageBar>
        {outcome.remainderReservationId ? (
          <Text>
            {t('money.return.remainder')}{' '}
            <Link to={`/reservations/${orderId}/${outcome.remainderReservationId}/overview`}>{outcome.remainderReservationId}</Link>
          </Text>
        ) : null}
      </section>
    );
  }

  if (mode === 'request' && quote) {
    const description = t('money.return.requestDescription', {
      quantity, max, name, reservationId, orderId,
      refund: m(quote.quote.netRefund), fee: m(quote.quote.fee), reason: reason.trim() || '—',
    });
    return (
      <NewSupportRequest
        orderId={orderId}
        reservationId={reservationId}
        reservation={reservation}
        prefill={{
          issueType: 'Billing', problemType: 'ReservationManagement', category: 'ExchangeAndRefund',
          title: t('money.return.requestTitle', { quantity, name }), description,
          requestedAction: { type: 'return', quantity, ...(reason.trim() ? { reason: reason.trim() } : {}) },
        }}
        onCancel={() => setMode('quote')}
      />
    );
  }

  return (
    <section className={s.root} aria-labelledby="return-title">
      <h2 id="return-title" className={s.h2}>{t('money.return.title')}</h2>
      <Text>{t('money.return.intro')}</Text>
      <div className={s.form}>
        <Field label={t('money.return.quantity')} hint={t('money.return.quantityHint', { max })}>
          <SpinButton
            value={quantity}
            min={1}
            max={max}
            onChange={(_, d) => {
              const raw = d.value ?? Number.parseInt(d.displayValue ?? '', 10);
              if (Number.isInteger(raw)) setQuantity(Math.min(max, Math.max(1, raw as number)));
            }}
          />
        </Field>
        <Field label={t('money.return.reason')} hint={t('money.return.reasonHint')}>
          <Textarea value={reason} onChange={(_, d) => setReason(d.value)} maxLength={1000} rows={2} resize="vertical" />
        </Field>
      </div>

      <div className={s.card} aria-busy={quoting}>
        <div className={s.cardHead}>
          <h3 className={s.h3}>{t('money.return.quoteTitle')}</h3>
          {quoting ? <Spinner size="extra-tiny" label={t('money.quote.updating')} /> : null}
        </div>
        {quoteError ? <ErrorState error={quoteError} onRetry={() => setGeneration((g) => g + 1)} /> : null}
        {quote ? (
          <Facts
            label={t('money.return.quoteTitle')}
            items={[
              { label: t('money.return.remainingDays'), value: t('money.return.daysOf', { days: quote.quote.remainingDays, term: quote.quote.termDays }) },
              { label: t('money.return.priceBasis'), value: t(`money.return.priceBasis.${quote.quote.priceBasis}`, { price: m(quote.quote.basisUnitPrice) }) },
              { label: t('money.return.proratedRefund'), value: m(quote.quote.grossRefund), testId: 'quote-gross' },
              { label: t('money.return.fee'), value: m(quote.quote.fee), testId: 'quote-fee' },
              { label: t('money.return.netRefund'), value: m(quote.quote.netRefund), strong: true, testId: 'quote-net' },
              { label: t('money.return.cancelledCommitment'), value: m(quote.quote.cancelledCommitment) },
              { label: t('money.return.allowanceBefore'), value: t('money.return.allowanceOf', { remaining: m(quote.allowanceBefore.remaining), limit: m(quote.allowanceBefore.limit) }), testId: 'allowance-before' },
              { label: t('money.return.allowanceAfter'), value: t('money.return.allowanceOf', { remaining: m(quote.allowanceAfter.remaining), limit: m(quote.allowanceBefore.limit) }), testId: 'allowance-after' },
            ]}
          />
        ) : !quoteError ? <Spinner size="small" label={t('money.quote.calculating')} /> : null}
        {quote ? (
          <PolicyErrors
            errors={errors}
            amounts={{ cancelledCommitment: quote.quote.cancelledCommitment, remaining: quote.allowanceBefore.remaining, limit: quote.allowanceBefore.limit, exceededBy: quote.exceededBy, maxQuantity: max }}
          />
        ) : null}
        {quote && !errors.length ? <Text size={200}>{t('money.quote.validUntil', { time: fmt.dateTime(quote.expiresAt) })}</Text> : null}
      </div>

      <div className={s.buttons}>
        <ActionButton appearance={mayReturn.allowed ? 'secondary' : 'primary'} decision={quote ? requestDecision : { allowed: false, reason: t('money.return.waitForQuote') }} onClick={() => setMode('request')} data-testid="return-create-request">
          {t('money.return.createRequest')}
        </ActionButton>
        <ActionButton appearance={mayReturn.allowed ? 'primary' : 'secondary'} decision={returnDecision} onClick={openConfirm} data-testid="return-now">
          {t('money.return.returnNow')}
        </ActionButton>
      </div>
      {!mayReturn.allowed ? <Text size={200} data-testid="return-disabled-reason">{t('money.return.notAllowed', { reason: reasonText(mayReturn.reason) })}</Text> : null}

      {confirming ? (
        <Dialog open onOpenChange={(_, d) => { if (!busy) setConfirming(d.open); }}>
          <DialogSurface aria-describedby="return-confirm-body">
            <DialogBody>
              <DialogTitle>{t('money.return.confirmTitle')}</DialogTitle>
              <DialogContent id="return-confirm-body">
                <Text block>{t('money.return.confirmBody', { quantity, name, amount: m(quote?.quote.netRefund) })}</Text>
                {returnError ? <ErrorState error={returnError} /> : null}
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={() => setConfirming(false)} disabled={busy}>{t('money.cancel')}</Button>
                <Button appearance="primary" onClick={() => void returnNow()} disabled={busy} data-testid="return-confirm">
                  {busy ? t('money.return.returning') : t('money.return.confirm')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </section>
  );
}
