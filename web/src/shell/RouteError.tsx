import { useRouteError } from 'react-router';
import { ErrorState } from '../components/PageState.tsx';
import { useT } from '../i18n/index.tsx';

/** A page that threw while rendering (or a lazy chunk that failed to load): shown, with a retry. */
export function RouteError() {
  const t = useT();
  const err = useRouteError();
  const error = err instanceof Error ? err : new Error(String((err as { statusText?: string })?.statusText ?? err));
  return (
    <div role="alert" style={{ padding: 24 }}>
      <ErrorState title={t('shell.state.pageError')} error={error} onRetry={() => window.location.reload()} />
    </div>
  );
}
