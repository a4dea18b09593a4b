import { Text } from '@fluentui/react-components';
import { api } from '../../api/client.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { RoleAssignmentJson } from './types.ts';

/** Confirms and removes one role assignment held on the reservation itself. */
export function RemoveRoleAssignmentDialog({ base, assignment: a, onClose, onRemoved }: { base: string; assignment: RoleAssignmentJson; onClose(): void; onRemoved(message: string): void }) {
  const t = useT();
  const words = useReservationWords();
  const vars = { role: words.role(a.roleName), principal: a.principalDisplayName ?? a.principalId };
  return (
    <ActionDialog
      title={t('reservation.iam.removeNamed', vars)}
      submitLabel={t('reservation.iam.remove')}
      onClose={onClose}
      onSubmit={async () => {
        await api('DELETE', `${base}/roleAssignments/${a.id}`);
        onRemoved(t('reservation.iam.removed', vars));
      }}
    >
      <Text block>{t('reservation.iam.confirmRemove', vars)}</Text>
    </ActionDialog>
  );
}
