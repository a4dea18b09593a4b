import { Badge, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useApi } from '../../api/use-api.ts';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { Section, type CustomerJson } from './shared.tsx';

/** The customer's Azure subscriptions (Azure plan) with their resource groups, and its management groups. */
interface SubscriptionsJson {
  totalCount: number;
  items: Array<{ id: string; friendlyName: string; offerName: string; status: string; resourceGroups: Array<{ id: string; name: string; location: string }> }>;
  managementGroups: Array<{ id: string; name: string; displayName: string; subscriptionIds: string[] }>;
}

const useStyles = makeStyles({
  id: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

const STATUS_COLOR: Record<string, 'success' | 'warning' | 'danger'> = { Active: 'success', Disabled: 'warning', Deleted: 'danger' };

export default function SubscriptionsTab({ customer }: { customer: CustomerJson }) {
  const t = useT();
  const s = useStyles();
  const subs = useApi<SubscriptionsJson>(`/v1/customers/${customer.id}/subscriptions`);
  if (subs.error) return <ErrorState error={subs.error} onRetry={subs.reload} />;
  if (!subs.data) return <Loading />;
  const names = new Map(subs.data.items.map((x) => [x.id, x.friendlyName]));
  return (
    <>
      <Section title={t('partner.subs.title')} id="subs-title">
        {subs.data.items.length === 0 ? <EmptyState title={t('partner.subs.empty')} /> : (
          <Table style={{ tableLayout: 'auto' }} aria-labelledby="subs-title" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('partner.subs.col.name')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.id')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.offer')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.status')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.groups')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {subs.data.items.map((x) => (
                <TableRow key={x.id}>
                  <TableCell>{x.friendlyName}</TableCell>
                  <TableCell><span className={s.id}>{x.id}</span></TableCell>
                  <TableCell>{t('partner.subs.azurePlan')}</TableCell>
                  <TableCell><Badge appearance="tint" color={STATUS_COLOR[x.status] ?? 'informative'}>{t(`partner.subs.status.${x.status}`)}</Badge></TableCell>
                  <TableCell>{x.resourceGroups.map((g) => g.name).join(', ') || '—'}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
      <Section title={t('partner.subs.mgTitle')} id="mg-title">
        {subs.data.managementGroups.length === 0 ? <EmptyState title={t('partner.subs.mgEmpty')} /> : (
          <Table style={{ tableLayout: 'auto' }} aria-labelledby="mg-title" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>{t('partner.subs.col.name')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.mgId')}</TableHeaderCell>
                <TableHeaderCell>{t('partner.subs.col.members')}</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {subs.data.managementGroups.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>{m.displayName}</TableCell>
                  <TableCell><span className={s.id}>{m.name}</span></TableCell>
                  <TableCell>{m.subscriptionIds.map((id) => names.get(id) ?? id).join(', ')}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </>
  );
}
