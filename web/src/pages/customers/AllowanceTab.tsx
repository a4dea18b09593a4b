import { Field, ProgressBar, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from '@fluentui/react-components';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { Facts, Section, type CustomerJson, type MoneyJson } from './shared.tsx';

/** The refund allowance over the rolling window: limit, consumed, remaining, and each entry with its release date. */
interface AllowanceJson {
  limit: MoneyJson;
  consumed: MoneyJson;
  remaining: MoneyJson;
  windowDays: number;
  entries: Array<{ amount: MoneyJson; consumedAt: string; releasesAt: string }>;
}

export default function AllowanceTab({ customer }: { customer: CustomerJson }) {
  const t = useT();
  const fmt = useFormat();
  const a = useApi<AllowanceJson>(`/v1/customers/${customer.id}/refundAllowance`);
  if (a.error) return <ErrorState error={a.error} onRetry={a.reload} />;
  if (!a.data) return <Loading />;
  const { limit, consumed, remaining, windowDays, entries } = a.data;
  const m = (x: MoneyJson) => fmt.money(x.amountMinor, x.currencyCode);
  const used = limit.amountMinor > 0 ? Math.min(1, consumed.amountMinor / limit.amountMinor) : 0;
  return (
    <>
      <Section title={t('partner.allowance.title')} id="allowance-title">
        <Facts items={[
          [t('partner.allowance.limit'), m(limit)],
          [t('partner.allowance.consumed'), m(consumed)],
          [t('partner.allowance.remaining'), <strong key="r" data-testid="allowance-remaining">{m(remaining)}</strong>],
          [t('partner.allowance.window'), t('partner.allowance.windowDays', { days: windowDays })],
        ]} />
        <Field label={t('partner.allowance.usedShare', { pct: fmt.percent(used * 100) })} validationState="none">
          <ProgressBar value={used} max={1} thickness="large" color={used > 0.8 ? 'warning' : 'brand'} />
        </Field>
      </Section>
      <Section title={t('partner.allowance.entries')} id="allowance-entries">
        {entries.length === 0 ? <EmptyState title={t('partner.allowance.noEntries')} body={t('partner.allowance.noEntriesBody', { days: windowDays })} /> : (
          <Table style={{ tableLayout: 'auto' }} aria-labelledby="allowance-entries" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('partner.allowance.col.consumedAt')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.allowance.col.amount')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.allowance.col.releasesAt')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((e, i) => (
                <TableRow key={`${e.consumedAt}-${i}`}>
                  <TableCell>{fmt.dateTime(e.consumedAt)}</TableCell>
                  <TableCell>{m(e.amount)}</TableCell>
                  <TableCell>{fmt.date(e.releasesAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </>
  );
}
