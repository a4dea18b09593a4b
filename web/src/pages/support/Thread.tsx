import { Button, Checkbox, Field, Text, Textarea, Tooltip, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { ErrorState } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import type { SupportDecision } from './permissions.ts';
import type { SupportMessage, SupportRequestView } from './support-types.ts';

/** The message thread of a support request and the box to add a message (the desk may wait for the partner). */
const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  item: { padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground2 },
  itemDesk: { padding: tokens.spacingHorizontalM, borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorBrandBackground2 },
  meta: { color: tokens.colorNeutralForeground2, display: 'block', marginBottom: tokens.spacingVerticalXS },
  body: { whiteSpace: 'pre-wrap', margin: 0 },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginTop: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, alignItems: 'center' },
  h2: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

export function Thread({ request, decision, desk, onChanged }: {
  request: SupportRequestView;
  decision: SupportDecision;
  desk?: boolean;
  onChanged(next: SupportRequestView): void;
}) {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const [text, setText] = useState('');
  const [awaitPartner, setAwaitPartner] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [invalid, setInvalid] = useState(false);
  const messages: SupportMessage[] = request.messages ?? [];

  const send = async () => {
    if (!text.trim()) {
      setInvalid(true);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api<SupportRequestView>('POST', `/v1/supportRequests/${request.id}/messages`, { body: text.trim(), ...(desk && awaitPartner ? { awaitPartner: true } : {}) });
      setText('');
      setAwaitPartner(false);
      onChanged(next);
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="thread-title">
      <h2 id="thread-title" className={s.h2}>{t('support.thread.title')}</h2>
      {messages.length === 0 ? <Text>{t('support.thread.empty')}</Text> : (
        <ol className={s.list} data-testid="thread">
          {messages.map((m) => (
            <li key={m.id} className={m.authorKind === 'provider' ? s.itemDesk : s.item}>
              <Text size={200} className={s.meta}>
                {t(m.authorKind === 'provider' ? 'support.thread.fromDesk' : 'support.thread.from', { author: m.author })} · {fmt.dateTime(m.createdAt)}
              </Text>
              <p className={s.body}>{m.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className={s.form} onSubmit={(e) => { e.preventDefault(); void send(); }} noValidate>
        <Field
          label={t('support.thread.add')}
          validationState={invalid ? 'error' : undefined}
          validationMessage={invalid ? t('support.validation.required') : undefined}
          hint={!decision.allowed && decision.reasonKey ? t(decision.reasonKey) : undefined}
        >
          <Textarea value={text} onChange={(_, d) => { setText(d.value); setInvalid(false); }} rows={3} resize="vertical" disabled={!decision.allowed} maxLength={5000} />
        </Field>
        <div className={s.row}>
          {desk ? <Checkbox checked={awaitPartner} onChange={(_, d) => setAwaitPartner(!!d.checked)} label={t('support.thread.awaitPartner')} disabled={!decision.allowed} /> : null}
          {decision.allowed ? (
            <Button type="submit" appearance="primary" disabled={busy}>{busy ? t('support.thread.sending') : t('support.thread.send')}</Button>
          ) : (
            <Tooltip content={decision.reasonKey ? t(decision.reasonKey) : ''} relationship="description">
              <Button disabledFocusable>{t('support.thread.send')}</Button>
            </Tooltip>
          )}
        </div>
        {error ? <ErrorState error={error} /> : null}
      </form>
    </section>
  );
}
