import { Combobox, Field, Option, Select, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { useT } from '../../i18n/index.tsx';
import { ActionDialog } from './ActionDialog.tsx';
import { useReservationWords } from './reservation-words.ts';
import type { Collection, PrincipalJson, RoleDefinitionJson } from './types.ts';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, minWidth: '360px' },
  hint: { color: tokens.colorNeutralForeground2, minHeight: '20px' },
});

/** Add role assignment: a built-in role assignable on a reservation and a user or group of the customer, its partner or reseller. */
export function AddRoleAssignmentDialog({ base, onClose, onAdded }: { base: string; onClose(): void; onAdded(message: string): void }) {
  const t = useT();
  const s = useStyles();
  const words = useReservationWords();
  const roles = useApi<Collection<RoleDefinitionJson>>('/v1/roleDefinitions');
  const [search, setSearch] = useState('');
  const principals = useApi<Collection<PrincipalJson>>(`${base}/assignablePrincipals${search.trim() ? `?search=${encodeURIComponent(search.trim())}` : ''}`);
  const [role, setRole] = useState('');
  const [principal, setPrincipal] = useState<PrincipalJson | null>(null);
  const assignable = (roles.data?.items ?? []).filter((d) => d.assignableTo.includes('reservation'));
  const label = (p: PrincipalJson) => `${p.displayName}${p.email ? ` (${p.email})` : ''}`;
  const roleHint = role ? t(`reservation.iam.roleDesc.${role}`) : '';

  return (
    <ActionDialog
      title={t('reservation.iam.addTitle')}
      submitLabel={t('reservation.iam.save')}
      canSubmit={role !== '' && principal !== null}
      onClose={onClose}
      onSubmit={async () => {
        await api('POST', `${base}/roleAssignments`, { roleName: role, principalId: principal!.id });
        onAdded(t('reservation.iam.added', { principal: principal!.displayName, role: words.role(role) }));
      }}
    >
      <div className={s.form}>
        <Field label={t('reservation.iam.role')} hint={roleHint && !roleHint.startsWith('⟦') ? roleHint : undefined}>
          <Select value={role} onChange={(_, d) => setRole(d.value)} data-field="role">
            <option value="" disabled>{t('reservation.iam.rolePlaceholder')}</option>
            {assignable.map((d) => <option key={d.roleName} value={d.roleName}>{words.role(d.roleName)}</option>)}
          </Select>
        </Field>
        <Field label={t('reservation.iam.principal')} validationState={principals.error ? 'error' : 'none'} validationMessage={principals.error?.message}>
          <Combobox
            placeholder={t('reservation.iam.principalPlaceholder')}
            value={principal ? label(principal) : search}
            selectedOptions={principal ? [principal.id] : []}
            freeform
            expandIcon={{ 'aria-label': t('reservation.iam.openList') }}
            onChange={(e) => { setPrincipal(null); setSearch(e.target.value); }}
            onOptionSelect={(_, d) => {
              const p = principals.data?.items.find((x) => x.id === d.optionValue);
              setPrincipal(p ?? null);
            }}
            data-field="principal"
          >
            {(principals.data?.items ?? []).map((p) => (
              <Option key={p.id} value={p.id} text={label(p)}>
                {`${label(p)} · ${t(`reservation.iam.tenant.${p.tenantType}`)}`}
              </Option>
            ))}
            {principals.data && principals.data.items.length === 0 ? <Option key="none" value="" disabled text="">{t('reservation.iam.noPrincipals')}</Option> : null}
          </Combobox>
        </Field>
        <Text className={s.hint} size={200}>{principal ? `${t(`reservation.iam.type.${principal.type}`)} · ${t(`reservation.iam.tenant.${principal.tenantType}`)}` : ''}</Text>
      </div>
    </ActionDialog>
  );
}
