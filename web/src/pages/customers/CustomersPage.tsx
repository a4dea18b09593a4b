import { Badge, Field, SearchBox, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { query } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { Pager, withParam, type Collection, type CustomerJson } from './shared.tsx';

/** Customers / 고객: searchable (company name or domain), paged; search and page live in the URL. */
const PAGE = 25;

const useStyles = makeStyles({
  search: { maxWidth: '420px', marginBottom: tokens.spacingVerticalL },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  body: { minHeight: '240px' },
});

export default function CustomersPage() {
  const t = useT();
  const s = useStyles();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const offset = Number.parseInt(params.get('offset') ?? '0', 10) || 0;
  const [text, setText] = useState(search);
  useEffect(() => setText(search), [search]);
  // Typing waits a moment before asking the server, so each keystroke is not a request.
  useEffect(() => {
    if (text === search) return;
    const timer = setTimeout(() => setParams(withParam(params, 'search', text.trim()), { replace: true }), 300);
    return () => clearTimeout(timer);
  }, [text, search, params, setParams]);
  const list = useApi<Collection<CustomerJson>>(`/v1/customers${query({ search, size: PAGE, offset })}`);
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader title={t('partner.customers.title')} breadcrumb={[{ label: t('partner.customers.title') }]} subtitle={t('partner.customers.subtitle')} />
      <div role="search" className={s.search}>
        <Field label={t('partner.customers.search')}>
          <SearchBox value={text} onChange={(_, d) => setText(d.value)} placeholder={t('partner.customers.searchPlaceholder')} />
        </Field>
      </div>
      <div className={s.body}>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        {list.loading && !list.data ? <Loading /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState title={t('partner.customers.emptyTitle')} body={search ? t('partner.customers.emptySearch', { search }) : t('partner.customers.emptyBody')} />
        ) : null}
        {items.length ? (
          <>
            <Table style={{ tableLayout: 'auto' }} className={s.table} aria-label={t('partner.customers.title')} aria-busy={list.loading}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('partner.customers.col.name')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.customers.col.domain')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.customers.col.country')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.customers.col.relationship')}</TableHeaderCell>
                  <TableHeaderCell>{t('partner.customers.col.mayBuy')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {items.map((c) => (
                  <TableRow key={c.id} data-customer-id={c.id}>
                    <TableCell><Link to={`/customers/${c.id}/overview`}>{c.companyProfile.companyName}</Link></TableCell>
                    <TableCell>{c.companyProfile.domain}</TableCell>
                    <TableCell>{t(`partner.country.${c.companyProfile.country}`)}</TableCell>
                    <TableCell>{c.relationshipToPartner === 'reseller' ? t('partner.customers.viaReseller') : t('partner.customers.direct')}</TableCell>
                    <TableCell>
                      <Badge appearance="tint" color={c.customerMayBuyReservations ? 'success' : 'informative'}>
                        {c.customerMayBuyReservations ? t('partner.yes') : t('partner.no')}
                      </Badge>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Pager offset={offset} count={items.length} total={list.data?.totalCount ?? 0} pageSize={PAGE} label={t('partner.customers.pages')}
              onOffset={(o) => setParams(withParam(params, 'offset', o ? String(o) : ''))} />
          </>
        ) : null}
      </div>
    </>
  );
}
