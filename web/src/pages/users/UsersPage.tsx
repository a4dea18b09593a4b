import {
  Badge, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Menu, MenuItem,
  MenuList, MenuPopover, MenuTrigger, MessageBar, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { MoreHorizontalRegular, PersonAddRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { useApi } from '../../api/use-api.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { EmptyState, ErrorState, Loading } from '../../components/PageState.tsx';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';
import { useSession } from '../../session.tsx';
import { Commands } from '../customers/shared.tsx';

/**
 * Users (Global admins and User management admins): the partner's users with their roles; invite,
 * change roles, disable, reset password. A set-password token is shown once, as the API returns it.
 */
interface UserJson { id: string; email: string; displayName: string; roles: string[]; disabled: boolean; passwordSet: boolean; createdAt: string }
const ROLES = ['GlobalAdmin', 'AdminAgent', 'SalesAgent', 'HelpdeskAgent', 'UserManagementAdmin', 'BillingAdmin'] as const;

const useStyles = makeStyles({
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  roles: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  token: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-all' },
  reason: { color: tokens.colorNeutralForeground3 },
});

type Dialogs =
  | { kind: 'invite' }
  | { kind: 'roles'; user: UserJson }
  | { kind: 'disable'; user: UserJson }
  | { kind: 'reset'; user: UserJson }
  | { kind: 'token'; user: string; token: string; expiresAt: string }
  | null;

export default function UsersPage() {
  const t = useT();
  const s = useStyles();
  const fmt = useFormat();
  const users = useApi<{ totalCount: number; items: UserJson[] }>('/v1/users');
  const [dialog, setDialog] = useState<Dialogs>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = users.data?.items ?? [];
  return (
    <>
      <PageHeader title={t('partner.users.title')} breadcrumb={[{ label: t('partner.users.title') }]} subtitle={t('partner.users.subtitle')} />
      <Commands>
        <Button appearance="primary" icon={<PersonAddRegular />} onClick={() => setDialog({ kind: 'invite' })} data-testid="invite">{t('partner.users.invite')}</Button>
      </Commands>
      {notice ? <MessageBar intent="success"><MessageBarBody>{notice}</MessageBarBody></MessageBar> : null}
      {users.error ? <ErrorState error={users.error} onRetry={users.reload} /> : null}
      {users.loading && !users.data ? <Loading /> : null}
      {users.data && items.length === 0 ? <EmptyState title={t('partner.users.empty')} /> : null}
      {items.length ? (
        <Table style={{ tableLayout: 'auto' }} className={s.table} aria-label={t('partner.users.title')}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('partner.users.col.name')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.users.col.email')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.users.col.roles')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.users.col.status')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.users.col.created')}</TableHeaderCell>
              <TableHeaderCell>{t('partner.res.col.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {items.map((u) => (
              <TableRow key={u.id} data-user-email={u.email}>
                <TableCell>{u.displayName}</TableCell>
                <TableCell>{u.email}</TableCell>
                <TableCell><span className={s.roles}>{u.roles.map((r) => <Badge key={r} appearance="tint">{t(`shell.role.${r}`)}</Badge>)}</span></TableCell>
                <TableCell>
                  {u.disabled ? <Badge color="danger" appearance="tint">{t('partner.users.disabled')}</Badge>
                    : u.passwordSet ? <Badge color="success" appearance="tint">{t('partner.users.active')}</Badge>
                      : <Badge color="warning" appearance="tint">{t('partner.users.invited')}</Badge>}
                </TableCell>
                <TableCell>{fmt.date(u.createdAt)}</TableCell>
                <TableCell>
                  <Menu>
                    <MenuTrigger disableButtonEnhancement>
                      <Button size="small" appearance="subtle" icon={<MoreHorizontalRegular />} aria-label={t('partner.users.actionsFor', { name: u.displayName })}>
                        {t('partner.res.col.actions')}
                      </Button>
                    </MenuTrigger>
                    <MenuPopover>
                      <MenuList>
                        <MenuItem disabled={u.disabled} onClick={() => setDialog({ kind: 'roles', user: u })}>{t('partner.users.editRoles')}</MenuItem>
                        <MenuItem disabled={u.disabled} onClick={() => setDialog({ kind: 'reset', user: u })}>{t('partner.users.reset')}</MenuItem>
                        <MenuItem disabled={u.disabled} onClick={() => setDialog({ kind: 'disable', user: u })}>{t('partner.users.disable')}</MenuItem>
                      </MenuList>
                    </MenuPopover>
                  </Menu>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {dialog?.kind === 'invite' || dialog?.kind === 'roles' ? (
        <UserDialog user={dialog.kind === 'roles' ? dialog.user : undefined} onClose={() => setDialog(null)}
          onDone={(result) => {
            users.reload();
            if (result.token) setDialog({ kind: 'token', user: result.user, token: result.token.token, expiresAt: result.token.expiresAt });
            else { setDialog(null); setNotice(t('partner.users.saved', { name: result.user })); }
          }} />
      ) : null}
      {dialog?.kind === 'disable' || dialog?.kind === 'reset' ? (
        <ConfirmDialog kind={dialog.kind} user={dialog.user} onClose={() => setDialog(null)}
          onDone={(token) => {
            users.reload();
            if (token) setDialog({ kind: 'token', user: dialog.user.displayName, token: token.token, expiresAt: token.expiresAt });
            else { setDialog(null); setNotice(t('partner.users.disabledNotice', { name: dialog.user.displayName })); }
          }} />
      ) : null}
      {dialog?.kind === 'token' ? (
        <Dialog open onOpenChange={(_, d) => { if (!d.open) setDialog(null); }}>
          <DialogSurface>
            <DialogBody>
              <DialogTitle>{t('partner.users.tokenTitle')}</DialogTitle>
              <DialogContent>
                <MessageBar intent="warning"><MessageBarBody><MessageBarTitle>{t('partner.users.tokenOnce')}</MessageBarTitle>{t('partner.users.tokenBody', { name: dialog.user, until: fmt.dateTime(dialog.expiresAt) })}</MessageBarBody></MessageBar>
                <p><span className={s.token} data-testid="set-password-token">{dialog.token}</span> <CopyButton value={dialog.token} /></p>
              </DialogContent>
              <DialogActions><Button appearance="primary" onClick={() => setDialog(null)}>{t('partner.close')}</Button></DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      ) : null}
    </>
  );
}

function UserDialog({ user, onClose, onDone }: { user?: UserJson; onClose(): void; onDone(r: { user: string; token?: { token: string; expiresAt: string } }): void }) {
  const t = useT();
  const s = useStyles();
  const { me } = useSession();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>(user?.roles ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const mayGrantGlobalAdmin = me.roles.includes('GlobalAdmin');
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      if (user) {
        await api('PATCH', `/v1/users/${user.id}`, { roles });
        onDone({ user: user.displayName });
      } else {
        const r = await api<{ user: UserJson; setPasswordToken: string; setPasswordTokenExpiresAt: string }>('POST', '/v1/users', { email, displayName: name, roles });
        onDone({ user: r.user.displayName, token: { token: r.setPasswordToken, expiresAt: r.setPasswordTokenExpiresAt } });
      }
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
            <DialogTitle>{user ? t('partner.users.rolesTitle', { name: user.displayName }) : t('partner.users.invite')}</DialogTitle>
            <DialogContent className={s.form}>
              {!user ? (
                <>
                  <Field label={t('partner.users.col.email')} required><Input type="email" value={email} onChange={(_, d) => setEmail(d.value)} /></Field>
                  <Field label={t('partner.users.col.name')} required><Input value={name} onChange={(_, d) => setName(d.value)} /></Field>
                </>
              ) : null}
              <fieldset style={{ border: 'none', padding: 0, margin: 0 }}>
                <legend>{t('partner.users.col.roles')}</legend>
                {ROLES.map((r) => {
                  const locked = r === 'GlobalAdmin' && !mayGrantGlobalAdmin;
                  return (
                    <div key={r}>
                      <Checkbox label={t(`shell.role.${r}`)} checked={roles.includes(r)} disabled={locked}
                        onChange={(_, d) => setRoles((prev) => (d.checked ? [...prev, r] : prev.filter((x) => x !== r)))} />
                      {locked ? <Text size={200} className={s.reason} block>{t('partner.users.onlyGlobalAdmin')}</Text> : null}
                    </div>
                  );
                })}
              </fieldset>
              {error ? <ErrorState error={error} /> : null}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={onClose}>{t('partner.cancel')}</Button>
              <Button appearance="primary" type="submit" disabled={busy}>{user ? t('partner.save') : t('partner.users.sendInvite')}</Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}

function ConfirmDialog({ kind, user, onClose, onDone }: { kind: 'disable' | 'reset'; user: UserJson; onClose(): void; onDone(token?: { token: string; expiresAt: string }): void }) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      if (kind === 'disable') {
        await api('POST', `/v1/users/${user.id}/disable`);
        onDone();
      } else {
        const r = await api<{ setPasswordToken: string; setPasswordTokenExpiresAt: string }>('POST', `/v1/users/${user.id}/resetPassword`);
        onDone({ token: r.setPasswordToken, expiresAt: r.setPasswordTokenExpiresAt });
      }
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog open onOpenChange={(_, d) => { if (!d.open) onClose(); }}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{t(kind === 'disable' ? 'partner.users.disableTitle' : 'partner.users.resetTitle', { name: user.displayName })}</DialogTitle>
          <DialogContent>
            <Text as="p">{t(kind === 'disable' ? 'partner.users.disableBody' : 'partner.users.resetBody', { email: user.email })}</Text>
            {error ? <ErrorState error={error} /> : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>{t('partner.cancel')}</Button>
            <Button appearance="primary" onClick={() => void run()} disabled={busy}>{t(kind === 'disable' ? 'partner.users.disable' : 'partner.users.reset')}</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
