import {
  Button, Card, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, api } from '../api/client.ts';
import { useErrorText } from '../api/error-text.ts';
import { useT } from '../i18n/index.tsx';
import { signIn } from '../session.tsx';
import { Logo } from '../shell/Header.tsx';
import { LanguageSwitch } from '../shell/LanguageSwitch.tsx';

/** GET /v1/auth/demoAccounts: present only when the server runs on the demo data. */
interface DemoAccounts {
  password: string;
  accounts: { email: string; name: string; tenantType: string; organization: string | null; roles: string[] }[];
}

const useStyles = makeStyles({
  page: { minHeight: '100%', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground2 },
  top: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, height: '48px', padding: `0 ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand, fontWeight: tokens.fontWeightSemibold,
  },
  logo: { width: '22px', height: '22px' },
  spacer: { flexGrow: 1 },
  main: { display: 'flex', gap: tokens.spacingHorizontalXXL, justifyContent: 'center', alignItems: 'flex-start', padding: `${tokens.spacingVerticalXXXL} ${tokens.spacingHorizontalXXL}`, flexWrap: 'wrap' },
  card: { width: '380px', padding: tokens.spacingHorizontalXXL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0, fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold },
  demo: { width: '620px', padding: tokens.spacingHorizontalXL },
  demoTitle: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground2 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

/**
 * The sign-in page: e-mail and password (POST /v1/auth/session sets the session cookie); the
 * server's error message is shown as it is. With the demo data, the demo accounts are listed and
 * picking one fills the form.
 */
export default function SignInPage() {
  const t = useT();
  const s = useStyles();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [missing, setMissing] = useState(false);
  const [demo, setDemo] = useState<DemoAccounts | null>(null);

  useEffect(() => {
    api<DemoAccounts>('GET', '/v1/auth/demoAccounts', undefined, { quietUnauthorized: true }).then(setDemo, () => setDemo(null));
  }, []);

  const returnTo = params.get('returnTo');
  const target = returnTo && returnTo.startsWith('/') && !returnTo.startsWith('//') && !returnTo.startsWith('/signin') ? returnTo : '/';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    setBusy(true);
    try {
      await signIn(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError(0, 'ClientError', String(err)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={s.page}>
      <header className={s.top}>
        <Logo className={s.logo} />
        <span>{t('shell.productName')}</span>
        <div className={s.spacer} />
        <LanguageSwitch />
      </header>
      <main className={s.main}>
        <Card className={s.card}>
          <form className={s.form} onSubmit={submit} noValidate aria-labelledby="signin-title">
            <h1 id="signin-title" className={s.title}>{t('signin.title')}</h1>
            <Text className={s.muted}>{t('signin.subtitle')}</Text>
            {params.get('ended') ? (
              <MessageBar intent="warning"><MessageBarBody>{t('signin.sessionEnded')}</MessageBarBody></MessageBar>
            ) : null}
            {error ? (
              <MessageBar intent="error" data-testid="signin-error" layout="multiline">
                <MessageBarBody>
                  <MessageBarTitle>{t('signin.failed')}</MessageBarTitle>
                  {errorText(error).message}
                </MessageBarBody>
              </MessageBar>
            ) : null}
            <Field label={t('signin.email')} required validationMessage={missing && !email.trim() ? t('signin.required') : undefined}>
              <Input type="email" name="email" autoComplete="username" value={email} onChange={(_e, d) => setEmail(d.value)} />
            </Field>
            <Field label={t('signin.password')} required validationMessage={missing && !password ? t('signin.required') : undefined}>
              <Input type="password" name="password" autoComplete="current-password" value={password} onChange={(_e, d) => setPassword(d.value)} />
            </Field>
            <Button appearance="primary" type="submit" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
              {busy ? t('signin.signingIn') : t('signin.submit')}
            </Button>
          </form>
        </Card>
        {demo ? (
          <Card className={s.demo} data-testid="demo-accounts">
            <h2 className={s.demoTitle}>{t('signin.demo.title')}</h2>
            <Text className={s.muted}>{t('signin.demo.body')}</Text>
            <Text className={s.muted}>{t('signin.demo.passwordNote', { password: demo.password })}</Text>
            <Table size="small" aria-label={t('signin.demo.title')}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('signin.demo.account')}</TableHeaderCell>
                  <TableHeaderCell>{t('signin.demo.role')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {demo.accounts.map((a) => (
                  <TableRow key={a.email}>
                    <TableCell>
                      <Button appearance="transparent" size="small" aria-label={t('signin.demo.use', { email: a.email })}
                        onClick={() => { setEmail(a.email); setPassword(demo.password); setError(null); }} data-email={a.email}>
                        <span className={s.mono}>{a.email}</span>
                      </Button>
                    </TableCell>
                    <TableCell>
                      {a.organization ? `${a.organization} · ` : ''}
                      {a.roles.map((r) => t(`shell.role.${r}`)).join(', ')}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Card>
        ) : null}
      </main>
    </div>
  );
}
