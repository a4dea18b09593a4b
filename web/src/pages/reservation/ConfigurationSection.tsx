import {
  Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Spinner, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { ErrorState, Loading } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { Collection, ReservationJson, ScopeChoice } from './types.ts';

type Kind = 'Shared' | 'Single' | 'ResourceGroup' | 'ManagementGroup';
const KINDS: readonly Kind[] = ['Shared', 'Single', 'ResourceGroup', 'ManagementGroup'];
/** availableScopes' kind for each scope type of the form. */
const CHOICE_KIND: Record<Kind, ScopeChoice['kind']> = { Shared: 'Shared', Single: 'Subscription', ResourceGroup: 'ResourceGroup', ManagementGroup: 'ManagementGroup' };

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXL, maxWidth: '760px' },
  h2: { margin: `0 0 ${tokens.spacingVerticalXS}`, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  block: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  picker: { minHeight: '64px' },
  buttons: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  invalid: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  changes: { margin: `${tokens.spacingVerticalXS} 0 0`, paddingInlineStart: tokens.spacingHorizontalL },
});

function kindOf(r: ReservationJson): Kind {
  const k = r.properties.userFriendlyAppliedScopeType;
  return k === 'None' ? 'Shared' : k;
}
const currentScopeId = (r: ReservationJson) => r.properties.appliedScopes?.[0] ?? r.properties.appliedScopeProperties?.managementGroupId ?? '';

/**
 * Configuration / 구성: the scope type and its picker (only valid choices offered; the invalid ones
 * listed with the reason), and the linked subscription. Saving shows what changed, before → after.
 */
export default function ConfigurationSection({ reservation: r, onSaved }: { reservation: ReservationJson; onSaved(): void }) {
  const t = useT();
  const s = useStyles();
  const words = useReservationWords();
  const base = `/v1/reservations/${r.properties.reservationOrderId}/${r.properties.reservationId}`;
  const scopes = useApi<Collection<ScopeChoice>>(`${base}/availableScopes`);
  const permission = words.decision(r.allowedActions?.updateScope);
  const [kind, setKind] = useState<Kind>(kindOf(r));
  const [choice, setChoice] = useState<string>(currentScopeId(r));
  const [billing, setBilling] = useState<string>(r.properties.billingScopeId);
  const [busy, setBusy] = useState<'scope' | 'billing' | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string[] | null>(null);

  // A reload after saving brings the new reservation: the form starts again from it.
  useEffect(() => {
    setKind(kindOf(r));
    setChoice(currentScopeId(r));
    setBilling(r.properties.billingScopeId);
  }, [r]);

  const items = scopes.data?.items ?? [];
  const nameOf = useMemo(() => {
    const subs = new Map(items.filter((i) => i.kind === 'Subscription').map((i) => [i.scope.toLowerCase(), i.displayName ?? i.scope]));
    return (c: ScopeChoice | undefined, id?: string): string => {
      if (!c) return id?.split('/').pop() ?? '';
      if (c.kind === 'ResourceGroup') {
        const sub = subs.get(c.scope.toLowerCase().replace(/\/resourcegroups\/.*$/, ''));
        return sub ? `${c.displayName ?? c.scope} (${sub})` : (c.displayName ?? c.scope);
      }
      if (c.kind === 'Shared') return t('reservation.scope.sharedDescription');
      return c.displayName ?? c.scope.split('/').pop() ?? c.scope;
    };
  }, [items, t]);
  const ofKind = (k: Kind) => items.filter((i) => i.kind === CHOICE_KIND[k]);
  const valid = (k: Kind) => ofKind(k).filter((i) => i.valid);
  const invalid = (k: Kind) => ofKind(k).filter((i) => !i.valid);
  const find = (id: string) => items.find((i) => i.scope.toLowerCase() === id.toLowerCase());

  const scopeLabel = (k: Kind, id: string) => (k === 'Shared' ? t('reservation.scope.Shared') : t('reservation.scope.withName', { kind: t(`reservation.scope.${k}`), name: nameOf(find(id), id) }));
  const before = scopeLabel(kindOf(r), currentScopeId(r));
  const target = kind === 'Shared' ? 'Shared' : choice;
  const targetValid = kind === 'Shared' || valid(kind).some((i) => i.scope === choice);
  const after = targetValid ? scopeLabel(kind, choice) : '';
  const scopeChanged = targetValid && (kind !== kindOf(r) || (kind !== 'Shared' && choice.toLowerCase() !== currentScopeId(r).toLowerCase()));
  const billingChanged = billing.toLowerCase() !== r.properties.billingScopeId.toLowerCase();
  const subName = (id: string) => nameOf(find(id), id);

  const pickKind = (k: Kind) => {
    setKind(k);
    setSaved(null);
    const options = valid(k);
    setChoice(k === kindOf(r) ? currentScopeId(r) : options.length === 1 ? options[0]!.scope : '');
  };

  const saveScope = async () => {
    setBusy('scope');
    setError(null);
    try {
      const body = kind === 'Shared' ? { appliedScopeType: 'Shared' }
        : kind === 'ManagementGroup' ? { appliedScopeType: 'ManagementGroup', appliedScopeProperties: { managementGroupId: target } }
        : { appliedScopeType: 'Single', appliedScopes: [target] };
      await api('PATCH', base, body, { headers: { 'if-match': String(r.etag) } });
      setSaved([t('reservation.config.change', { field: t('reservation.overview.scope'), before, after })]);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(null);
    }
  };
  const saveBilling = async () => {
    setBusy('billing');
    setError(null);
    try {
      await api('PATCH', `/v1/reservationOrders/${r.properties.reservationOrderId}`, { billingScopeId: billing });
      setSaved([t('reservation.config.change', { field: t('reservation.config.linked'), before: subName(r.properties.billingScopeId), after: subName(billing) })]);
      onSaved();
    } catch (err) {
      setError(err as ApiError);
    } finally {
      setBusy(null);
    }
  };

  if (scopes.error) return <ErrorState error={scopes.error} onRetry={scopes.reload} />;
  if (!scopes.data) return <Loading />;
  const readOnly = !permission.allowed;

  return (
    <div className={s.root}>
      {readOnly ? (
        <MessageBar intent="info"><MessageBarBody><MessageBarTitle>{t('reservation.config.readOnly')}</MessageBarTitle>{permission.reason}</MessageBarBody></MessageBar>
      ) : null}
      {saved ? (
        <MessageBar intent="success" data-saved>
          <MessageBarBody>
            <MessageBarTitle>{t('reservation.config.savedChanges')}</MessageBarTitle>
            <ul className={s.changes}>{saved.map((line) => <li key={line}>{line}</li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? <ErrorState error={error} /> : null}

      <section className={s.block} aria-labelledby="config-scope">
        <div>
          <h2 id="config-scope" className={s.h2}>{t('reservation.config.title')}</h2>
          <Text>{t('reservation.config.intro')}</Text>
        </div>
        <Field label={t('reservation.config.scopeType')}>
          <RadioGroup value={kind} onChange={(_, d) => pickKind(d.value as Kind)} disabled={readOnly}>
            {KINDS.map((k) => (
              <Radio key={k} value={k} label={t(`reservation.scope.${k}`)} disabled={readOnly} />
            ))}
          </RadioGroup>
        </Field>
        <div className={s.picker}>
          {kind !== 'Shared' ? (
            <Field
              label={t(kind === 'Single' ? 'reservation.config.subscription' : kind === 'ResourceGroup' ? 'reservation.config.resourceGroup' : 'reservation.config.managementGroup')}
              validationMessage={valid(kind).length === 0 ? t(ofKind(kind).length === 0 ? 'reservation.config.noneExist' : 'reservation.config.noneValid') : undefined}
              validationState={valid(kind).length === 0 ? 'warning' : 'none'}
            >
              <Select value={choice} disabled={readOnly || valid(kind).length === 0} onChange={(_, d) => { setChoice(d.value); setSaved(null); }}>
                <option value="" disabled>{t('reservation.config.pick')}</option>
                {valid(kind).map((c) => <option key={c.scope} value={c.scope}>{nameOf(c)}</option>)}
              </Select>
            </Field>
          ) : (
            <Text>{t('reservation.scope.sharedDescription')}</Text>
          )}
          {kind !== 'Shared' && invalid(kind).length > 0 ? (
            <div data-invalid-scopes>
              <Text weight="semibold" size={200}>{t('reservation.config.invalidTitle')}</Text>
              <ul className={s.invalid}>
                {invalid(kind).map((c) => <li key={c.scope}>{t('reservation.config.invalidItem', { name: nameOf(c), reason: words.scopeReason(c.reason) })}</li>)}
              </ul>
            </div>
          ) : null}
        </div>
        {scopeChanged ? (
          <div role="status" data-review>
            <Text weight="semibold">{t('reservation.config.review')}</Text>
            <ul className={s.changes}><li>{t('reservation.config.change', { field: t('reservation.overview.scope'), before, after })}</li></ul>
          </div>
        ) : null}
        <div className={s.buttons}>
          <Button appearance="primary" disabled={readOnly || !scopeChanged || busy !== null} onClick={saveScope} data-save="scope" icon={busy === 'scope' ? <Spinner size="tiny" /> : undefined}>
            {t('reservation.config.save')}
          </Button>
          <Button disabled={!scopeChanged || busy !== null} onClick={() => { setKind(kindOf(r)); setChoice(currentScopeId(r)); }}>{t('reservation.config.discard')}</Button>
        </div>
      </section>

      <section className={s.block} aria-labelledby="config-linked">
        <div>
          <h2 id="config-linked" className={s.h2}>{t('reservation.config.linked')}</h2>
          <Text>{t('reservation.config.linkedIntro')}</Text>
        </div>
        <Field label={t('reservation.config.subscription')}>
          <Select value={billing} disabled={readOnly} onChange={(_, d) => { setBilling(d.value); setSaved(null); }} data-field="billing">
            {!valid('Single').some((c) => c.scope.toLowerCase() === r.properties.billingScopeId.toLowerCase())
              ? <option value={r.properties.billingScopeId}>{subName(r.properties.billingScopeId)}</option> : null}
            {valid('Single').map((c) => <option key={c.scope} value={c.scope}>{nameOf(c)}</option>)}
          </Select>
        </Field>
        {billingChanged ? (
          <div role="status">
            <Text weight="semibold">{t('reservation.config.review')}</Text>
            <ul className={s.changes}><li>{t('reservation.config.change', { field: t('reservation.config.linked'), before: subName(r.properties.billingScopeId), after: subName(billing) })}</li></ul>
          </div>
        ) : null}
        <div className={s.buttons}>
          <Button appearance="primary" disabled={readOnly || !billingChanged || busy !== null} onClick={saveBilling} data-save="billing" icon={busy === 'billing' ? <Spinner size="tiny" /> : undefined}>
            {t('reservation.config.save')}
          </Button>
        </div>
      </section>
    </div>
  );
}
