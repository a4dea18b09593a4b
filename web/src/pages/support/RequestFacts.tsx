import { makeStyles, tokens } from '@fluentui/react-components';
import { Link } from 'react-router';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { Facts, type Fact } from '../money/Facts.tsx';
import type { MoneyJson } from '../money/types.ts';
import type { SupportRequestView } from './support-types.ts';

/** A request's Basics, Problem, the reservation's IDs, the requested action with its quote at creation, and the contact. */
const useStyles = makeStyles({
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

export function RequestFacts({ request, linkReservation = true }: { request: SupportRequestView; linkReservation?: boolean }) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const m = (x?: MoneyJson) => (x && typeof x.amountMinor === 'number' ? fmt.money(x.amountMinor, x.currencyCode) : '—');
  const a = request.requestedAction;
  const q = request.quoteAtCreation as { quote?: { netRefund?: MoneyJson; netPayable?: MoneyJson } } | null;
  const action: Fact[] = !a ? [] : a.type === 'return'
    ? [
        { label: t('support.action.type'), value: t('support.action.return') },
        { label: t('support.action.quantity'), value: fmt.number(a.quantity) },
        ...(a.reason ? [{ label: t('support.action.reason'), value: a.reason }] : []),
        ...(q?.quote?.netRefund ? [{ label: t('support.action.quotedRefund'), value: m(q.quote.netRefund) }] : []),
      ]
    : [
        { label: t('support.action.type'), value: t('support.action.exchange') },
        { label: t('support.action.counts'), value: t('support.action.countsValue', { returned: (a.request as { returns?: unknown[] })?.returns?.length ?? 0, purchased: (a.request as { purchases?: unknown[] })?.purchases?.length ?? 0 }) },
        ...(q?.quote?.netPayable ? [{ label: t('support.action.quotedNet'), value: m(q.quote.netPayable) }] : []),
      ];
  const c = request.contact;
  return (
    <>
      <section className={s.section} aria-labelledby="sr-problem">
        <h2 id="sr-problem" className={s.h2}>{t('support.detail.problem')}</h2>
        <Facts items={[
          { label: t('support.field.issueType'), value: t(`support.issueType.${request.issueType}`), testId: 'sr-issue-type' },
          { label: t('support.field.problemType'), value: t(`support.problemType.${request.problemType}`), testId: 'sr-problem-type' },
          { label: t('support.field.category'), value: t(`support.category.${request.category}`), testId: 'sr-category' },
          { label: t('support.field.severity'), value: t(`support.severity.${request.severity}`) },
        ]} />
      </section>
      {request.reservationId && request.reservationOrderId ? (
        <section className={s.section} aria-labelledby="sr-reservation">
          <h2 id="sr-reservation" className={s.h2}>{t('support.detail.reservation')}</h2>
          <Facts items={[
            {
              label: t('support.field.reservationId'), testId: 'sr-reservation-id',
              value: <span><span className={s.mono}>{request.reservationId}</span> <CopyButton value={request.reservationId} label={t('support.copy.reservationId')} /></span>,
            },
            {
              label: t('support.field.reservationOrderId'), testId: 'sr-order-id',
              value: <span><span className={s.mono}>{request.reservationOrderId}</span> <CopyButton value={request.reservationOrderId} label={t('support.copy.reservationOrderId')} /></span>,
            },
          ]} />
          {linkReservation ? <Link to={`/reservations/${request.reservationOrderId}/${request.reservationId}/overview`}>{t('support.detail.openReservation')}</Link> : null}
        </section>
      ) : null}
      {action.length ? (
        <section className={s.section} aria-labelledby="sr-action">
          <h2 id="sr-action" className={s.h2}>{t('support.detail.requestedAction')}</h2>
          <Facts items={action} />
        </section>
      ) : null}
      <section className={s.section} aria-labelledby="sr-contact">
        <h2 id="sr-contact" className={s.h2}>{t('support.step.contact')}</h2>
        <Facts items={[
          { label: t('support.detail.contactName'), value: `${c.firstName} ${c.lastName}` },
          { label: t('support.field.primaryEmail'), value: c.primaryEmail },
          ...(c.additionalEmails?.length ? [{ label: t('support.field.additionalEmails'), value: c.additionalEmails.join(', ') }] : []),
          { label: t('support.field.preferredContactMethod'), value: t(`support.contactMethod.${c.preferredContactMethod}`) },
          ...(c.phoneNumber ? [{ label: t('support.field.phoneNumber'), value: c.phoneNumber }] : []),
          { label: t('support.field.preferredTimeZone'), value: c.preferredTimeZone },
          { label: t('support.field.preferredSupportLanguage'), value: ['ko-KR', 'en-US'].includes(c.preferredSupportLanguage) ? t(`support.language.${c.preferredSupportLanguage}`) : c.preferredSupportLanguage },
          { label: t('support.field.country'), value: c.country },
        ]} />
      </section>
    </>
  );
}
