import { Button, Card, Tab, TabList, Text, makeStyles, tokens } from '@fluentui/react-components';
import type { KeyboardEvent, ReactNode } from 'react';
import { useT } from '../../i18n/index.tsx';

/**
 * What the partner pages (Home, Customers, Billing, Users, Settings, Audit log) share: wire shapes
 * of the /v1 collections they read, the pager, a titled card, and the words for coded values.
 */
export interface Collection<T> {
  totalCount: number;
  items: T[];
}

export interface MoneyJson {
  currencyCode: string;
  amount: number;
  amountMinor: number;
}

export interface Decision {
  allowed: boolean;
  reason?: string | null;
}

/** GET /v1/customers and /v1/customers/{id}. */
export interface CustomerJson {
  id: string;
  companyProfile: { tenantId: string; domain: string; companyName: string; country: string };
  relationshipToPartner: 'reseller' | 'none';
  partnerId: string;
  resellerId?: string;
  customerMayBuyReservations: boolean;
  allowedActions?: { toggleCustomerPurchase?: Decision };
}

export const RESOURCE_TYPES = [
  'VirtualMachines', 'SqlDatabases', 'SqlManagedInstance', 'SqlElasticPool', 'CosmosDb', 'AppService', 'DedicatedHost', 'AVS',
  'BlobStorage', 'RedisCache', 'PostgreSql', 'MySql', 'Databricks', 'SynapseAnalytics', 'SuseLinux', 'RedHat',
] as const;

/** A coded value in words (type, term, plan, state…), or the code itself when the console has no word for it. */
export function useWords() {
  const t = useT();
  const known = (key: string, fallback: string) => {
    const text = t(key);
    return text.startsWith('⟦') ? fallback : text;
  };
  return {
    type: (code: string) => known(`partner.type.${code}`, code),
    term: (code: string) => known(`reservation.term.${code}`, code),
    plan: (code: string) => known(`reservation.plan.${code}`, code),
    state: (code: string) => known(`reservation.state.${code}`, code),
    scope: (code: string) => known(`reservation.scope.${code}`, code),
    known,
  };
}

/**
 * A decimal amount the API gives only in major units (Azure's calculatePrice, catalog prices) as
 * the minor-unit string useFormat().money takes: a string conversion for display, no arithmetic.
 */
export function majorToMinor(amount: number, currency: string): string {
  const exponent = new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  const [whole = '0', frac = ''] = amount.toFixed(exponent).split('.');
  return `${whole}${frac}`;
}

const usePagerStyles = makeStyles({
  pager: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center', marginTop: tokens.spacingVerticalM, minHeight: '32px' },
});

/** Previous / "1–25 of 120" / Next; the offset lives in the page's URL. */
export function Pager({ offset, count, total, pageSize, onOffset, label }: { offset: number; count: number; total: number; pageSize: number; onOffset(o: number): void; label: string }) {
  const t = useT();
  const s = usePagerStyles();
  if (total === 0) return null;
  return (
    <nav className={s.pager} aria-label={label}>
      <Button disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>{t('partner.page.previous')}</Button>
      <Text aria-live="polite">{t('partner.page.range', { from: offset + 1, to: offset + count, total })}</Text>
      <Button disabled={offset + count >= total} onClick={() => onOffset(offset + pageSize)}>{t('partner.page.next')}</Button>
    </nav>
  );
}

const useCardStyles = makeStyles({
  card: { padding: tokens.spacingVerticalL, marginBottom: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, lineHeight: tokens.lineHeightBase500 },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

/** A titled section (h2) on a card. */
export function Section({ title, actions, children, id }: { title: string; actions?: ReactNode; children: ReactNode; id?: string }) {
  const s = useCardStyles();
  return (
    <Card className={s.card} aria-labelledby={id}>
      <div className={s.head}>
        <h2 className={s.title} id={id}>{title}</h2>
        {actions}
      </div>
      {children}
    </Card>
  );
}

const useFactStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(160px, max-content) 1fr', columnGap: tokens.spacingHorizontalXXL, rowGap: tokens.spacingVerticalS, margin: 0 },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, overflowWrap: 'anywhere' },
});

/** Label/value pairs as a description list. */
export function Facts({ items }: { items: Array<[string, ReactNode]> }) {
  const s = useFactStyles();
  return (
    <dl className={s.grid}>
      {items.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt className={s.term}>{label}</dt>
          <dd className={s.value}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Sets or clears one search parameter (and resets paging) without adding a history entry. */
export function withParam(params: URLSearchParams, name: string, value: string, resetOffset = true): URLSearchParams {
  const next = new URLSearchParams(params);
  if (value) next.set(name, value);
  else next.delete(name);
  if (resetOffset && name !== 'offset') next.delete('offset');
  return next;
}

const useTabStyles = makeStyles({
  tabs: { marginBottom: tokens.spacingVerticalL, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
});

/**
 * A page's tabs (Fluent TabList), one URL per tab. Tabster's arrow-key group would insert hidden
 * focusable "dummy" elements into the tab list, which axe-core reports as aria-hidden-focus; the
 * group is turned off (data-tabster) and the arrow keys are handled here instead, so keyboard
 * users still move between tabs with ←/→, Home and End.
 */
export function PageTabs({ tabs, selected, label, onSelect }: { tabs: ReadonlyArray<{ value: string; label: string }>; selected: string; label: string; onSelect(value: string): void }) {
  const s = useTabStyles();
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>('[role="tab"]'));
    const i = buttons.findIndex((b) => b === document.activeElement);
    if (i < 0) return;
    const next = e.key === 'ArrowRight' ? (i + 1) % buttons.length
      : e.key === 'ArrowLeft' ? (i - 1 + buttons.length) % buttons.length
        : e.key === 'Home' ? 0 : e.key === 'End' ? buttons.length - 1 : -1;
    if (next < 0) return;
    e.preventDefault();
    buttons[next]?.focus();
  };
  return (
    <TabList className={s.tabs} selectedValue={selected} onTabSelect={(_, d) => onSelect(String(d.value))} aria-label={label}
      data-tabster="{}" onKeyDown={onKeyDown}>
      {tabs.map((x) => <Tab key={x.value} value={x.value} data-tab={x.value}>{x.label}</Tab>)}
    </TabList>
  );
}

const useCommandStyles = makeStyles({
  row: {
    display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minHeight: '40px', marginTop: `-${tokens.spacingVerticalS}`,
    marginBottom: tokens.spacingVerticalL, paddingBottom: tokens.spacingVerticalXS, borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
});

/**
 * A page's command buttons under its header. A plain row rather than the header's Toolbar: the
 * Toolbar's arrow-key group inserts hidden focusable elements that axe-core reports, and a few
 * buttons are reached with Tab just as well.
 */
export function Commands({ children }: { children: ReactNode }) {
  const s = useCommandStyles();
  return <div className={s.row}>{children}</div>;
}
