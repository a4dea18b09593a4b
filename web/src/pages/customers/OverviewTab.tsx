import { Field, Switch, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { ErrorState } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { usePolicyReason } from '../money/policy-words.ts';
import { Facts, Section, type CustomerJson } from './shared.tsx';

const useStyles = makeStyles({
  reason: { color: tokens.colorNeutralForeground2, display: 'block', marginTop: tokens.spacingVerticalXS },
});

/** The customer's profile and the "customer may buy its own reservations" switch (enabled only for those allowed to change it). */
export default function OverviewTab({ customer, onChanged }: { customer: CustomerJson; onChanged(): void }) {
  const t = useT();
  const s = useStyles();
  const reasonText = usePartnerReason();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const decision = customer.allowedActions?.toggleCustomerPurchase ?? { allowed: false, reason: '' };
  const toggle = async (enabled: boolean) => {
    setSaving(true);
    setError(null);
    try {
      await api('PUT', `/v1/customers/${customer.id}/purchasePermission`, { enabled });
      onChanged();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setSaving(false);
    }
  };
  const p = customer.companyProfile;
  return (
    <>
      <Section title={t('partner.customer.profile')} id="customer-profile">
        <Facts items={[
          [t('partner.customers.col.name'), p.companyName],
          [t('partner.customers.col.domain'), p.domain],
          [t('partner.customer.tenantId'), p.tenantId],
          [t('partner.customers.col.country'), t(`partner.country.${p.country}`)],
          [t('partner.customers.col.relationship'), customer.relationshipToPartner === 'reseller' ? t('partner.customers.viaReseller') : t('partner.customers.direct')],
        ]} />
      </Section>
      <Section title={t('partner.customer.permission')} id="customer-permission">
        <Field hint={t('partner.customer.mayBuyHint')}>
          <Switch
            checked={customer.customerMayBuyReservations}
            disabled={!decision.allowed || saving}
            label={t('partner.customer.mayBuy')}
            onChange={(_, d) => void toggle(d.checked)}
            aria-describedby={decision.allowed ? undefined : 'may-buy-reason'}
            data-testid="may-buy-switch"
          />
        </Field>
        {!decision.allowed ? (
          <Text id="may-buy-reason" className={s.reason} data-testid="may-buy-reason">{reasonText(decision.reason)}</Text>
        ) : null}
        {error ? <ErrorState error={error} /> : null}
      </Section>
    </>
  );
}

/** Refusal reasons this area shows beside the money area's known ones, in the UI language. */
const REASONS: Record<string, string> = {
  "Only the customer's partner can change this permission.": 'partner.reason.onlyPartner',
  'Only admin agents and global admins can change whether a customer may buy its own reservations.': 'partner.reason.toggleRole',
  'The customer is not visible to you.': 'partner.reason.notVisible',
  'The customer has no active Azure subscription to bill a reservation to.': 'partner.reason.noSubscription',
  'Buying a reservation yourself needs Owner on the Azure subscription it is billed to.': 'partner.reason.needOwner',
};

export function usePartnerReason(): (reason: string | null | undefined) => string {
  const t = useT();
  const money = usePolicyReason();
  return (reason) => {
    if (!reason) return '';
    const key = REASONS[reason.trim()];
    if (key) return t(key);
    if (/^The subscription is \w+; reservations are billed to an active subscription\.$/.test(reason.trim())) return t('partner.reason.subscriptionInactive');
    return money(reason);
  };
}
