import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentSearchRegular } from '@fluentui/react-icons';
import type { ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/index.tsx';

/** The three states every page shows besides its content: loading, empty, error (with the API's message). */

const useStyles = makeStyles({
  loading: { display: 'flex', justifyContent: 'center', alignItems: 'center', minHeight: '160px', padding: tokens.spacingVerticalXXL },
  empty: {
    display: 'flex', flexDirection: 'column', alignItems: 'center', gap: tokens.spacingVerticalS, textAlign: 'center',
    padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`, color: tokens.colorNeutralForeground2,
  },
  icon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
  error: { margin: `${tokens.spacingVerticalM} 0` },
});

export function Loading({ label }: { label?: string }) {
  const t = useT();
  const s = useStyles();
  return (
    <div className={s.loading} role="status" aria-live="polite">
      <Spinner size="medium" label={label ?? t('shell.state.loading')} />
    </div>
  );
}

export function EmptyState({ title, body, action }: { title: string; body?: ReactNode; action?: ReactNode }) {
  const s = useStyles();
  return (
    <div className={s.empty}>
      <DocumentSearchRegular className={s.icon} aria-hidden />
      <Text as="h2" weight="semibold" size={400}>{title}</Text>
      {body ? <Text as="p">{body}</Text> : null}
      {action}
    </div>
  );
}

export function ErrorState({ error, onRetry, title }: { error: ApiError | Error; onRetry?: () => void; title?: string }) {
  const t = useT();
  const s = useStyles();
  const words = useErrorText()(error);
  const code = 'code' in error ? (error as ApiError).code : undefined;
  return (
    <MessageBar intent="error" className={s.error} layout="multiline" data-testid="error-state">
      <MessageBarBody>
        <MessageBarTitle>{title ?? t('shell.state.errorTitle')}</MessageBarTitle>
        {words.message}
        {words.detail ? <Text size={200} block lang="en">{t('shell.state.details')}: {words.detail}</Text> : null}
        {code ? <Text size={200} block>{t('shell.state.errorCode', { code })}</Text> : null}
      </MessageBarBody>
      {onRetry ? (
        <MessageBarActions>
          <Button onClick={onRetry}>{t('shell.state.retry')}</Button>
        </MessageBarActions>
      ) : null}
    </MessageBar>
  );
}
