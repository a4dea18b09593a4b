import {
  Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, MessageBar, MessageBarBody, Spinner,
} from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { ApiError } from '../../api/client.ts';
import { ErrorState } from '../../components/PageState.tsx';
import { useT } from '../../i18n/index.tsx';

/**
 * The frame of the command-bar dialogs: title, body, the API's error when refused, a success
 * message when done (the dialog then only closes), and submit / cancel buttons.
 */
export function ActionDialog({ title, children, submitLabel, canSubmit = true, onSubmit, onClose, done }: {
  title: string;
  children: ReactNode;
  submitLabel: string;
  canSubmit?: boolean;
  /** Runs the change; throws ApiError when refused. */
  onSubmit(): Promise<void>;
  onClose(): void;
  /** Shown instead of the form once the change is made. */
  done?: ReactNode;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit();
    } catch (err) {
      setError(err instanceof ApiError || err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent>
            {done ? <MessageBar intent="success"><MessageBarBody>{done}</MessageBarBody></MessageBar> : children}
            {error ? <ErrorState error={error} /> : null}
          </DialogContent>
          <DialogActions>
            {done ? (
              <Button appearance="primary" onClick={onClose}>{t('reservation.dialog.close')}</Button>
            ) : (
              <>
                <Button appearance="primary" disabled={!canSubmit || busy} onClick={submit} icon={busy ? <Spinner size="tiny" /> : undefined}>
                  {busy ? t('reservation.dialog.working') : submitLabel}
                </Button>
                <Button onClick={onClose}>{t('reservation.dialog.cancel')}</Button>
              </>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
