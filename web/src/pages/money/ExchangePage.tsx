import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody,
  MessageBarTitle, Select, SpinButton, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { DeleteRegular } from '@fluentui/react-icons';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { ActionButton } from '../../components/ActionButton.tsx';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import NewSupportRequest from '../support/NewSupportRequest.tsx';
import { Facts } from './Facts.tsx';
import { PolicyErrors } from './PolicyErrors.tsx';
import { usePolicyReason } from './policy-words.ts';
import type {
  CatalogItem, Collection, ConsoleReservation, ExchangeOutcome, ExchangeQuoteView, ExchangeRequestBody, MoneyJson,
} from './types.ts';

/**
 * Exchange / 교환 (rules §4): pick reservations of the customer to return (with quantities) and new
 * ones from the catalog of the same type group, see a live quote (refunds, purchases, net payable,
 * the commitment rule), then raise a support request carrying the exchange, or exchange now where
 * the user may. A cross-type choice is explained (return it and buy anew) and blocks the quote.
 */

export interface ExchangePageProps {
  orderId: string;
  reservationId: string;
  reservation: ConsoleReservation;
}

interface CustomerRef { customerId: string; companyName: string; currencyCode: string | null }
interface ResourceType { id: string; exchangeGroup: string }
interface Subscription { id: string; friendlyName: string; status: string }
type Row = ConsoleReservation;

interface PurchaseLine {
  key: string;
  item: CatalogItem;
  term: string;
  billingPlan: string;
  quantity: number;
  subscriptionId: string;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '1100px' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  h3: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  picker: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: tokens.spacingHorizontalL, alignItems: 'end', '& > *': { minWidth: 0 } },
  select: { minWidth: 0, width: '100%' },
  scroll: { overflowX: 'auto' },
  table: { tableLayout: 'auto', minWidth: '640px' },
  card: {
    display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, padding: tokens.spacingHorizontalL,
    border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, minHeight: '200px',
  },
  cardHead: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  qty: { width: '96px' },
  met: { color: tokens.colorPaletteGreenForeground1 },
  notMet: { color: tokens.colorPaletteRedForeground1 },
});

const rowIds = (r: Row) => {
  const m = /reservationOrders\/([^/]+)\/reservations\/([^/]+)/i.exec(r.id);
  return { orderId: (m?.[1] ?? '').toLowerCase(), reservationId: (m?.[2] ?? r.name).toLowerCase() };
};

export default function ExchangePage({ orderId, reservationId, reservation }: ExchangePageProps) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const reasonText = usePolicyReason();
  const customer = useApi<CustomerRef>(`/v1/reservations/${orderId}/${reservationId}/customer`);
  const cid = customer.data?.customerId;
  const currency = customer.data?.currencyCode ?? undefined;
  const rows = useApi<Collection<Row>>(cid ? `/v1/customers/${cid}/reservations?size=200` : null);
  const types = useApi<Collection<ResourceType>>('/v1/catalog/resourceTypes');
  const subs = useApi<Collection<Subscription>>(cid ? `/v1/customers/${cid}/subscriptions` : null);

  // What is returned: reservation id → quantity (the reservation of this page to start with).
  const [selected, setSelected] = useState<Record<string, number>>(() => ({ [reservationId.toLowerCase()]: reservation.properties.quantity }));
  const [lines, setLines] = useState<PurchaseLine[]>([]);
  const [type, setType] = useState(reservation.properties.reservedResourceType);
  const [itemId, setItemId] = useState('');
  const [termChoice, setTerm] = useState('');
  const [planChoice, setPlan] = useState('');
  const [qty, setQty] = useState(1);
  const [subscriptionId, setSubscriptionId] = useState('');
  const items = useApi<Collection<CatalogItem>>(currency ? `/v1/catalog/items?reservedResourceType=${encodeURIComponent(type)}&currency=${currency}&size=1000` : null);

  const [quote, setQuote] = useState<ExchangeQuoteView | null>(null);
  const [quoteError, setQuoteError] = useState<ApiError | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [mode, setMode] = useState<'pick' | 'request'>('pick');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<ExchangeOutcome | null>(null);
  const [exchangeError, setExchangeError] = useState<ApiError | null>(null);
  const idempotencyKey = useRef('');

  const groupOf = useMemo(() => {
    const map = new Map((types.data?.items ?? []).map((x) => [x.id, x.exchangeGroup]));
    return (resourceType: string) => map.get(resourceType) ?? resourceType;
  }, [types.data]);

  const active = useMemo(() => (rows.data?.items ?? []).filter((r) => r.properties.provisioningState === 'Succeeded'), [rows.data]);
  const chosenRows = active.filter((r) => selected[rowIds(r).reservationId] !== undefined);
  const anchorGroup = groupOf(reservation.properties.reservedResourceType);
  const groups = new Set([...chosenRows.map((r) => groupOf(r.properties.reservedResourceType)), ...lines.map((l) => groupOf(l.item.reservedResourceType))]);
  const crossType = groups.size > 1;
  const pickedTypeCross = !!types.data && groupOf(type) !== (chosenRows[0] ? groupOf(chosenRows[0].properties.reservedResourceType) : anchorGroup);

  const activeSubs = (subs.data?.items ?? []).filter((x) => x.status === 'Active');
  const item = (items.data?.items ?? []).find((x) => x.id === itemId);
  useEffect(() => {
    if (!subscriptionId && activeSubs[0]) setSubscriptionId(activeSubs[0].id);
  }, [activeSubs, subscriptionId]);
  useEffect(() => {
    const first = items.data?.items[0];
    if (first && !(items.data?.items ?? []).some((x) => x.id === itemId)) setItemId(first.id);
  }, [items.data, itemId]);
  // The term and plan shown are derived, never reset by an effect, so a choice is never overwritten.
  const term = !item ? termChoice : item.terms.includes(termChoice) ? termChoice : item.terms.includes(reservation.properties.term) ? reservation.properties.term : item.terms[0] ?? '';
  const plans = !item ? [] : Array.isArray(item.billingPlans) ? item.billingPlans : item.billingPlans[term] ?? [];
  const plan = plans.includes(planChoice) ? planChoice : plans.includes('Upfront') ? 'Upfront' : plans[0] ?? '';

  const body: ExchangeRequestBody | null = useMemo(() => {
    const returns = chosenRows.map((r) => ({ ...rowIds(r), reservationOrderId: rowIds(r).orderId, quantity: selected[rowIds(r).reservationId]! }))
      .map(({ reservationOrderId, reservationId: rid, quantity }) => ({ reservationOrderId, reservationId: rid, quantity }));
    if (!returns.length || !lines.length || crossType) return null;
    return {
      returns,
      purchases: lines.map((l) => ({ offerId: l.item.id, quantity: l.quantity, termDuration: l.term, billingPlan: l.billingPlan, subscriptionId: l.subscriptionId, scope: 'shared' as const })),
    };
  }, [chosenRows, lines, selected, crossType]);
  const bodyKey = body ? JSON.stringify(body) : '';

  // The live quote: recalculated (debounced) whenever what is returned or bought changes.
  useEffect(() => {
    if (!body || outcome) {
      setQuote(null);
      setQuoteError(null);
      setQuoting(false);
      return;
    }
    let current = true;
    setQuoting(true);
    const timer = setTimeout(() => {
      api<ExchangeQuoteView>('POST', '/v1/exchanges/quote', body).then(
        (q) => { if (current) { setQuote(q); setQuoteError(null); setQuoting(false); } },
        (err: unknown) => { if (current) { setQuote(null); setQuoteError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err))); setQuoting(false); } },
      );
    }, 300);
    return () => { current = false; clearTimeout(timer); };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [bodyKey, generation, outcome]);

  const m = (x: MoneyJson | undefined) => (x ? fmt.money(x.amountMinor, x.currencyCode) : '—');

  if (customer.error) return <ErrorState error={customer.error} onRetry={customer.reload} />;
  if (!customer.data || rows.loading && !rows.data || types.loading && !types.data) return <Loading />;
  if (rows.error) return <ErrorState error={rows.error} onRetry={rows.reload} />;

  const actions = reservation.allowedActions ?? {};
  const mayRequest = actions.createSupportRequest ?? { allowed: false };
  const refusedRow = chosenRows.find((r) => r.allowedActions && !r.allowedActions.exchange?.allowed);
  const mayExchange = !actions.exchange?.allowed ? actions.exchange ?? { allowed: false } : refusedRow ? refusedRow.allowedActions!.exchange! : { allowed: true };
  const errors = quote?.quote.policyErrors ?? [];
  const ready = !!quote && !quoting && !!body;
  const exchangeDecision = !mayExchange.allowed
    ? { allowed: false, reason: reasonText(mayExchange.reason) }
    : crossType ? { allowed: false, reason: t('money.exchange.crossTypeShort') }
      : errors.length ? { allowed: false, reason: t('money.return.blockedByErrors') }
        : !ready ? { allowed: false, reason: t('money.exchange.pickBoth') } : { allowed: true };
  const requestDecision = !mayRequest.allowed
    ? { allowed: false, reason: reasonText(mayRequest.reason) }
    : crossType ? { allowed: false, reason: t('money.exchange.crossTypeShort') }
      : !ready ? { allowed: false, reason: t('money.exchange.pickBoth') } : { allowed: true };

  const addLine = () => {
    if (!item || !subscriptionId || pickedTypeCross) return;
    setLines((old) => [...old, { key: crypto.randomUUID(), item, term, billingPlan: plan, quantity: qty, subscriptionId }]);
  };

  const exchangeNow = async () => {
    if (!quote) return;
    setBusy(true);
    try {
      const result = await api<ExchangeOutcome>('POST', '/v1/exchanges', { sessionId: quote.sessionId }, { idempotencyKey: idempotencyKey.current });
      setOutcome(result);
      setConfirming(false);
    } catch (err) {
      const e = err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err));
      setExchangeError(e);
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
      <section className={s.root} aria-labelledby="exchange-title">
        <h2 id="exchange-title" className={s.h2}>{t('money.exchange.title')}</h2>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('money.exchange.done', { returned: outcome.returned.length, purchased: outcome.purchased.length })}</MessageBarTitle>
            {t('money.exchange.doneBody')}{' '}
            <Link to="/billing">{t('money.openBilling')}</Link>
          </MessageBarBody>
        </MessageBar>
        <ul>
          {outcome.purchased.map((p) => (
            <li key={p.reservationId}>
              <Link to={`/reservations/${p.reservationOrderId}/${p.reservationId}/overview`}>{p.reservationId}</Link>{' '}
              ({m(p.total)})
            </li>
          ))}
        </ul>
      </section>
    );
  }

  if (mode === 'request' && body && quote) {
    return (
      <NewSupportRequest
        orderId={orderId}
        reservationId={reservationId}
        reservation={reservation}
        prefill={{
          issueType: 'Billing', problemType: 'ReservationManagement', category: 'ExchangeAndRefund',
          title: t('money.exchange.requestTitle', { returned: body.returns.length, purchased: body.purchases.length }),
          description: t('money.exchange.requestDescription', {
            returns: body.returns.map((r) => `${r.reservationOrderId}/${r.reservationId} × ${r.quantity}`).join(', '),
            purchases: lines.map((l) => `${l.item.skuName} ${l.item.location} ${l.term} ${l.billingPlan} × ${l.quantity}`).join(', '),
            net: m(quote.quote.netPayable),
          }),
          requestedAction: { type: 'exchange', ...body },
        }}
        onCancel={() => setMode('pick')}
      />
    );
  }

  return (
    <section className={s.root} aria-labelledby="exchange-title">
      <h2 id="exchange-title" className={s.h2}>{t('money.exchange.title')}</h2>
      <Text>{t('money.exchange.intro', { customer: customer.data.companyName })}</Text>

      <section className={s.section} aria-labelledby="exchange-returns">
        <h3 id="exchange-returns" className={s.h3}>{t('money.exchange.returnsTitle')}</h3>
        {active.length === 0 ? <Text>{t('money.exchange.noReservations')}</Text> : (
          <div className={s.scroll}><Table size="small" className={s.table} aria-labelledby="exchange-returns">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: 48 }}><span className="visually-hidden" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t('money.exchange.select')}</span></TableHeaderCell>
                <TableHeaderCell>{t('money.col.name')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.skuRegion')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.term')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.expiry')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.quantity')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.quantityToReturn')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {active.map((r) => {
                const ids = rowIds(r);
                const on = selected[ids.reservationId] !== undefined;
                const label = r.properties.displayName ?? ids.reservationId;
                return (
                  <TableRow key={r.id} data-reservation-id={ids.reservationId}>
                    <TableCell>
                      <Checkbox
                        checked={on}
                        aria-label={t('money.exchange.selectOne', { name: label })}
                        onChange={(_, d) => setSelected((old) => {
                          const next = { ...old };
                          if (d.checked) next[ids.reservationId] = r.properties.quantity;
                          else delete next[ids.reservationId];
                          return next;
                        })}
                      />
                    </TableCell>
                    <TableCell>{label}<Text size={200} block>{r.properties.reservedResourceType}</Text></TableCell>
                    <TableCell>{`${r.sku.name} · ${r.location}`}</TableCell>
                    <TableCell>{t(`money.term.${r.properties.term}`)}</TableCell>
                    <TableCell>{r.properties.expiryDate ? fmt.date(r.properties.expiryDate) : '—'}</TableCell>
                    <TableCell>{fmt.number(r.properties.quantity)}</TableCell>
                    <TableCell>
                      <SpinButton
                        className={s.qty}
                        aria-label={t('money.exchange.quantityOf', { name: label })}
                        disabled={!on}
                        value={selected[ids.reservationId] ?? r.properties.quantity}
                        min={1}
                        max={r.properties.quantity}
                        onChange={(_, d) => {
                          const raw = d.value ?? Number.parseInt(d.displayValue ?? '', 10);
                          if (Number.isInteger(raw)) setSelected((old) => ({ ...old, [ids.reservationId]: Math.min(r.properties.quantity, Math.max(1, raw as number)) }));
                        }}
                      />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table></div>
        )}
      </section>

      <section className={s.section} aria-labelledby="exchange-purchases">
        <h3 id="exchange-purchases" className={s.h3}>{t('money.exchange.purchasesTitle')}</h3>
        <div className={s.picker}>
          <Field label={t('money.exchange.type')}>
            <Select value={type} onChange={(_, d) => { setType(d.value); setItemId(''); }} data-testid="exchange-type" className={s.select}>
              {(types.data?.items ?? []).map((x) => <option key={x.id} value={x.id}>{x.id}</option>)}
            </Select>
          </Field>
          <Field label={t('money.exchange.product')}>
            <Select value={itemId} onChange={(_, d) => setItemId(d.value)} disabled={pickedTypeCross || !items.data?.items.length} data-testid="exchange-product" className={s.select}>
              {(items.data?.items ?? []).map((x) => <option key={x.id} value={x.id}>{`${x.skuName} · ${x.location}`}</option>)}
            </Select>
          </Field>
          <Field label={t('money.exchange.subscription')}>
            <Select value={subscriptionId} onChange={(_, d) => setSubscriptionId(d.value)} disabled={pickedTypeCross} className={s.select}>
              {activeSubs.map((x) => <option key={x.id} value={x.id}>{`${x.friendlyName} (${x.id.slice(0, 8)})`}</option>)}
            </Select>
          </Field>
          <Field label={t('money.exchange.term')}>
            <Select value={term} onChange={(_, d) => setTerm(d.value)} disabled={pickedTypeCross || !item}>
              {(item?.terms ?? []).map((x) => <option key={x} value={x}>{t(`money.term.${x}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('money.exchange.billingPlan')}>
            <Select value={plan} onChange={(_, d) => setPlan(d.value)} disabled={pickedTypeCross || !item}>
              {plans.map((x) => <option key={x} value={x}>{t(`money.plan.${x}`)}</option>)}
            </Select>
          </Field>
          <Field label={t('money.exchange.quantity')}>
            <SpinButton value={qty} min={1} max={10000} disabled={pickedTypeCross} onChange={(_, d) => {
              const raw = d.value ?? Number.parseInt(d.displayValue ?? '', 10);
              if (Number.isInteger(raw)) setQty(Math.max(1, raw as number));
            }} />
          </Field>
        </div>
        {pickedTypeCross ? (
          <MessageBar intent="warning" layout="multiline" data-testid="cross-type">
            <MessageBarBody>
              <MessageBarTitle>{t('money.exchange.crossTypeTitle')}</MessageBarTitle>
              {t('money.exchange.crossTypeBody', { type, current: chosenRows[0]?.properties.reservedResourceType ?? reservation.properties.reservedResourceType })}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {items.error ? <ErrorState error={items.error} onRetry={items.reload} /> : null}
        <div className={s.buttons}>
          <ActionButton
            decision={pickedTypeCross ? { allowed: false, reason: t('money.exchange.crossTypeShort') } : !item || !subscriptionId ? { allowed: false, reason: t('money.exchange.pickProduct') } : { allowed: true }}
            onClick={addLine}
            data-testid="exchange-add"
          >
            {t('money.exchange.add')}
          </ActionButton>
        </div>
        {lines.length ? (
          <div className={s.scroll}><Table size="small" className={s.table} aria-label={t('money.exchange.purchasesTitle')}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('money.col.type')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.sku')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.region')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.term')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.billingPlan')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.quantity')}</TableHeaderCell>
                <TableHeaderCell>{t('money.col.total')}</TableHeaderCell>
                <TableHeaderCell><span style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{t('money.exchange.remove')}</span></TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((l, i) => (
                <TableRow key={l.key}>
                  <TableCell>{l.item.reservedResourceType}</TableCell>
                  <TableCell>{l.item.skuName}</TableCell>
                  <TableCell>{l.item.location}</TableCell>
                  <TableCell>{t(`money.term.${l.term}`)}</TableCell>
                  <TableCell>{t(`money.plan.${l.billingPlan}`)}</TableCell>
                  <TableCell>{fmt.number(l.quantity)}</TableCell>
                  <TableCell>{quote && !quoting ? m(quote.purchases[i]?.total) : '…'}</TableCell>
                  <TableCell>
                    <Button appearance="subtle" icon={<DeleteRegular />} aria-label={t('money.exchange.removeOne', { sku: l.item.skuName })} onClick={() => setLines((old) => old.filter((x) => x.key !== l.key))} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table></div>
        ) : <Text>{t('money.exchange.noPurchases')}</Text>}
      </section>

      <div className={s.card} aria-busy={quoting}>
        <div className={s.cardHead}>
          <h3 className={s.h3}>{t('money.exchange.quoteTitle')}</h3>
          {quoting ? <Spinner size="extra-tiny" label={t('money.quote.updating')} /> : null}
        </div>
        {crossType ? (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{t('money.exchange.crossTypeTitle')}</MessageBarTitle>
              {t('money.error.CrossTypeExchangeNotAllowed')}
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {!body && !crossType ? <Text>{t('money.exchange.pickBoth')}</Text> : null}
        {quoteError ? <ErrorState error={quoteError} onRetry={() => setGeneration((g) => g + 1)} /> : null}
        {quote && body ? (
          <>
            <Facts
              label={t('money.exchange.quoteTitle')}
              items={[
                { label: t('money.exchange.refundsTotal'), value: m(quote.quote.refundsTotal), testId: 'refunds-total' },
                { label: t('money.exchange.purchasesTotal'), value: m(quote.quote.purchasesTotal), testId: 'purchases-total' },
                { label: t('money.exchange.netPayable'), value: m(quote.quote.netPayable), strong: true, testId: 'net-payable' },
                { label: t('money.exchange.remainingCommitment'), value: m(quote.quote.remainingCommitment) },
                { label: t('money.exchange.newCommitment'), value: m(quote.quote.newCommitment) },
                {
                  label: t('money.exchange.commitmentRule'), testId: 'commitment-rule',
                  value: quote.quote.commitmentShortfall.amountMinor === 0
                    ? <span className={s.met}>{t('money.exchange.ruleMet')}</span>
                    : <span className={s.notMet}>{t('money.exchange.ruleShort', { amount: m(quote.quote.commitmentShortfall) })}</span>,
                },
              ]}
            />
            <PolicyErrors
              errors={errors}
              amounts={{ shortfall: quote.quote.commitmentShortfall, remainingCommitment: quote.quote.remainingCommitment, newCommitment: quote.quote.newCommitment }}
            />
          </>
        ) : null}
      </div>

      <div className={s.buttons}>
        <ActionButton appearance={mayExchange.allowed ? 'secondary' : 'primary'} decision={requestDecision} onClick={() => setMode('request')} data-testid="exchange-create-request">
          {t('money.exchange.createRequest')}
        </ActionButton>
        <ActionButton appearance={mayExchange.allowed ? 'primary' : 'secondary'} decision={exchangeDecision} onClick={() => { idempotencyKey.current = crypto.randomUUID(); setExchangeError(null); setConfirming(true); }} data-testid="exchange-now">
          {t('money.exchange.exchangeNow')}
        </ActionButton>
      </div>
      {!mayExchange.allowed ? <Text size={200} data-testid="exchange-disabled-reason">{t('money.exchange.notAllowed', { reason: reasonText(mayExchange.reason) })}</Text> : null}

      {confirming ? (
        <Dialog open onOpenChange={(_, d) => { if (!busy) setConfirming(d.open); }}>
          <DialogSurface aria-describedby="exchange-confirm-body">
            <DialogBody>
              <DialogTitle>{t('money.exchange.confirmTitle')}</DialogTitle>
              <DialogContent id="exchange-confirm-body">
                <Text block>{t('money.exchange.confirmBody', { returned: body?.returns.length ?? 0, purchased: body?.purchases.length ?? 0, net: m(quote?.quote.netPayable) })}</Text>
                {exchangeError ? <ErrorState error={exchangeError} /> : null}
              </DialogContent>
              <DialogActions>
                <Button appearance="secondary" onClick={() => setConfirming(false)} disabled={busy}>{t('money.cancel')}</Button>
                <Button appearance="primary" onClick={() => void exchangeNow()} disabled={busy} data-testid="exchange-confirm">
                  {busy ? t('money.exchange.exchanging') : t('money.exchange.confirm')}
                </Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </section>
  );
}
