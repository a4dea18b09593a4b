import {
  Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, MessageBar,
  MessageBarBody, MessageBarTitle, Switch, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { AddRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { Facts, Section, useWords, type Collection, PageTabs } from '../customers/shared.tsx';

/** Settings: the partner's policy values (Global admins change them), outgoing webhooks, and the user's notification preferences. */
const TABS = ['policy', 'webhooks', 'notifications'] as const;
const EVENTS = ['purchase', 'return', 'exchange', 'scopeChange', 'accessChange', 'renew', 'expiring', 'expired', 'supportRequestStatus', 'lowUtilization', 'noUsage'] as const;

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', gap: tokens.spacingHorizontalL, marginBottom: tokens.spacingVerticalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  events: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))' },
});

export default function SettingsPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tab } = useParams();
  if (!tab || !TABS.includes(tab as (typeof TABS)[number])) return <Navigate to="/settings/policy" replace />;
  return (
    <>
      <PageHeader title={t('partner.settings.title')} breadcrumb={[{ label: t('partner.settings.title') }]} subtitle={t('partner.settings.subtitle')} />
      <PageTabs tabs={TABS.map((x) => ({ value: x, label: t(`partner.settings.tab.${x}`) }))} selected={tab} label={t('partner.settings.title')}
        onSelect={(x) => navigate(`/settings/${x}`)} />
      <div role="tabpanel" aria-label={t(`partner.settings.tab.${tab}`)}>
        {tab === 'policy' ? <PolicyTab /> : tab === 'webhooks' ? <WebhooksTab /> : <NotificationsTab />}
      </div>
    </>
  );
}

interface Policy {
  refundCapUsdCents: number;
  refundWindowDays: number;
  earlyTerminationFeeBps: number;
  nonRefundableTypes: string[];
  exchangeGroups: Record<string, string[]>;
  exchangeCutoffDate: string;
  exchangeCutoffTypes: string[];
  quoteLifetimeMinutes: number;
  usdRates: Record<string, string>;
  lowUtilizationThresholdPct?: number;
  lowUtilizationLookBackDays?: number;
  noUsageDays?: number;
}
/** The numeric values the form edits, and how each is shown and sent. */
const NUMBERS = ['refundWindowDays', 'earlyTerminationFeeBps', 'quoteLifetimeMinutes', 'lowUtilizationThresholdPct', 'lowUtilizationLookBackDays', 'noUsageDays'] as const;

function PolicyTab() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const words = useWords();
  const res = useApi<{ policy: Policy; defaults: Policy; canChange: boolean }>('/v1/settings/policy');
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [capUsd, setCapUsd] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (!res.data) return;
    const p = res.data.policy;
    setDraft(Object.fromEntries(NUMBERS.filter((k) => p[k] !== undefined).map((k) => [k, String(p[k])])));
    setCapUsd(String(p.refundCapUsdCents / 100));
  }, [res.data]);
  if (res.error) return <ErrorState error={res.error} onRetry={res.reload} />;
  if (!res.data) return <Loading />;
  const { policy, defaults, canChange } = res.data;
  const save = async () => {
    setBusy(true);
    setError(null);
    setSaved(false);
    try {
      const patch: Record<string, number> = {};
      for (const k of NUMBERS) {
        if (draft[k] === undefined) continue;
        const v = Number(draft[k]);
        if (v !== policy[k]) patch[k] = v;
      }
      // Whole US dollars in the form; the API keeps cents.
      const cents = Math.round(Number(capUsd) * 100);
      if (cents !== policy.refundCapUsdCents) patch.refundCapUsdCents = cents;
      await api('PATCH', '/v1/settings/policy', patch);
      setSaved(true);
      res.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };
  const defaultHint = (v: string) => t('partner.settings.default', { value: v });
  return (
    <>
      {!canChange ? (
        <MessageBar intent="info" data-testid="policy-read-only"><MessageBarBody>{t('partner.settings.readOnly')}</MessageBarBody></MessageBar>
      ) : null}
      <Section title={t('partner.settings.values')} id="policy-values">
        <form onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <div className={s.grid}>
            <Field label={t('partner.settings.refundCapUsd')} hint={defaultHint(fmt.money(defaults.refundCapUsdCents, 'USD'))}>
              <Input type="number" min={0} value={capUsd} disabled={!canChange} onChange={(_, d) => setCapUsd(d.value)} />
            </Field>
            {NUMBERS.filter((k) => draft[k] !== undefined).map((k) => (
              <Field key={k} label={t(`partner.settings.${k}`)} hint={defaultHint(String(defaults[k] ?? ''))}>
                <Input type="number" min={0} value={draft[k] ?? ''} disabled={!canChange} onChange={(_, d) => setDraft((x) => ({ ...x, [k]: d.value }))} />
              </Field>
            ))}
          </div>
          {canChange ? (
            <div className={s.actions}>
              <Button appearance="primary" type="submit" disabled={busy}>{t('partner.save')}</Button>
              {saved ? <Text role="status">{t('partner.settings.saved')}</Text> : null}
            </div>
          ) : null}
          {error ? <ErrorState error={error} /> : null}
        </form>
      </Section>
      <Section title={t('partner.settings.rules')} id="policy-rules">
        <Facts items={[
          [t('partner.settings.nonRefundable'), policy.nonRefundableTypes.map(words.type).join(', ') || '—'],
          [t('partner.settings.exchangeGroups'), Object.entries(policy.exchangeGroups).map(([g, types]) => `${g}: ${types.map(words.type).join(', ')}`).join(' · ') || '—'],
          [t('partner.settings.cutoff'), `${fmt.date(policy.exchangeCutoffDate)} (${policy.exchangeCutoffTypes.map(words.type).join(', ')})`],
          [t('partner.settings.usdRates'), Object.entries(policy.usdRates).map(([c, r]) => `${c} ${r}`).join(' · ')],
        ]} />
      </Section>
    </>
  );
}

interface Webhook { id: string; url: string; events: string[]; active: boolean; description: string; createdAt: string; secret?: string }

function WebhooksTab() {
  const t = useT();
  const s = useStyles();
  const hooks = useApi<Collection<Webhook>>('/v1/webhooks');
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  if (hooks.error?.status === 403) {
    return <MessageBar intent="info" data-testid="webhooks-not-allowed"><MessageBarBody>{t('partner.settings.webhooksNotAllowed')}</MessageBarBody></MessageBar>;
  }
  if (hooks.error) return <ErrorState error={hooks.error} onRetry={hooks.reload} />;
  if (!hooks.data) return <Loading />;
  const act = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      hooks.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    }
  };
  return (
    <Section title={t('partner.settings.tab.webhooks')} id="webhooks"
      actions={<Button icon={<AddRegular />} onClick={() => setAdding(true)}>{t('partner.settings.addWebhook')}</Button>}>
      <Text as="p">{t('partner.settings.webhooksHelp')}</Text>
      {secret ? (
        <MessageBar intent="warning">
          <MessageBarBody><MessageBarTitle>{t('partner.settings.secretOnce')}</MessageBarTitle><span className={s.mono}>{secret}</span> <CopyButton value={secret} /></MessageBarBody>
        </MessageBar>
      ) : null}
      {error ? <ErrorState error={error} /> : null}
      {hooks.data.items.length === 0 ? <EmptyState title={t('partner.settings.noWebhooks')} /> : (
        <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="webhooks">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('partner.settings.url')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.settings.events')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.settings.active')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.res.col.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {hooks.data.items.map((h) => (
              <TableRow key={h.id}>
                <TableCell><span className={s.mono}>{h.url}</span>{h.description ? <Text block size={200}>{h.description}</Text> : null}</TableCell>
                <TableCell>{h.events.length === 0 ? t('partner.settings.allEvents') : h.events.map((e) => t(`partner.event.${e}`)).join(', ')}</TableCell>
                <TableCell>
                  <Switch checked={h.active} aria-label={t('partner.settings.activeFor', { url: h.url })}
                    onChange={(_, d) => void act(() => api('PATCH', `/v1/webhooks/${h.id}`, { active: d.checked }))} />
                </TableCell>
                <TableCell>
                  <Button size="small" onClick={() => void act(() => api('DELETE', `/v1/webhooks/${h.id}`))}
                    aria-label={t('partner.settings.deleteFor', { url: h.url })}>{t('partner.delete')}</Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {adding ? <WebhookDialog onClose={() => setAdding(false)} onDone={(sec) => { setAdding(false); setSecret(sec ?? null); hooks.reload(); }} /> : null}
    </Section>
  );
}

function WebhookDialog({ onClose, onDone }: { onClose(): void; onDone(secret?: string): void }) {
  const t = useT();
  const s = useStyles();
  const [url, setUrl] = useState('https://');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await api<Webhook>('POST', '/v1/webhooks', { url, description: description || undefined, events });
      onDone(created.secret);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
          <DialogBody>
            <DialogTitle>{t('partner.settings.addWebhook')}</DialogTitle>
            <DialogContent className={s.form}>
              <Field label={t('partner.settings.url')} required><Input type="url" value={url} onChange={(_, d) => setUrl(d.value)} /></Field>
              <Field label={t('partner.settings.description')}><Input value={description} onChange={(_, d) => setDescription(d.value)} /></Field>
              <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend>{t('partner.settings.events')} — {t('partner.settings.noneMeansAll')}</legend>
                <div className={s.events}>
                  {EVENTS.map((e) => (
                    <Checkbox key={e} label={t(`partner.event.${e}`)} checked={events.includes(e)}
                      onChange={(_, d) => setEvents((prev) => (d.checked ? [...prev, e] : prev.filter((x) => x !== e)))} />
                  ))}
                </div>
              </fieldset>
              {error ? <ErrorState error={error} /> : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>{t('partner.cancel')}</Button>
              <Button appearance="primary" type="submit" disabled={busy}>{t('partner.add')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

type Preferences = Record<string, { inApp: boolean; email: boolean }>;

function NotificationsTab() {
  const t = useT();
  const prefs = useApi<Preferences>('/v1/notificationPreferences');
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState<string | null>(null);
  if (prefs.error) return <ErrorState error={prefs.error} onRetry={prefs.reload} />;
  if (!prefs.data) return <Loading />;
  const change = async (event: string, channel: 'inApp' | 'email', value: boolean) => {
    setSaving(`${event}.${channel}`);
    setError(null);
    try {
      await api('PUT', '/v1/notificationPreferences', { [event]: { [channel]: value } });
      prefs.reload();
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setSaving(null);
    }
  };
  return (
    <Section title={t('partner.settings.tab.notifications')} id="notification-prefs">
      <Text as="p">{t('partner.settings.notificationsHelp')}</Text>
      {error ? <ErrorState error={error} /> : null}
      <Table style={{ tableLayout: 'auto' }} size="small" aria-labelledby="notification-prefs">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('partner.settings.event')}</TableHeaderCell>
            <TableHeaderCell>{t('partner.settings.inApp')}</TableHeaderCell>
            <TableHeaderCell>{t('partner.settings.email')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {Object.entries(prefs.data).map(([event, p]) => (
            <TableRow key={event}>
              <TableCell>{t(`partner.event.${event}`)}</TableCell>
              {(['inApp', 'email'] as const).map((ch) => (
                <TableCell key={ch}>
                  <Switch checked={p[ch]} disabled={saving !== null}
                    aria-label={t('partner.settings.channelFor', { channel: t(`partner.settings.${ch}`), event: t(`partner.event.${event}`) })}
                    onChange={(_, d) => void change(event, ch, d.checked)} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Section>
  );
}
