import {
  Avatar, Button, Menu, MenuDivider, MenuGroup, MenuGroupHeader, MenuItem, MenuList, MenuPopover, MenuTrigger, Text, makeStyles, tokens,
} from '@fluentui/react-components';
import { SignOutRegular } from '@fluentui/react-icons';
import { Link } from 'react-router';
import { useT } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const useStyles = makeStyles({
  header: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, height: '48px', flexShrink: 0,
    padding: `0 ${tokens.spacingHorizontalL}`, backgroundColor: tokens.colorBrandBackground, color: tokens.colorNeutralForegroundOnBrand,
  },
  brand: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, color: 'inherit', textDecoration: 'none',
    fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold,
    ':focus-visible': { outline: `2px solid ${tokens.colorNeutralForegroundOnBrand}`, outlineOffset: '2px' },
  },
  logo: { width: '22px', height: '22px' },
  tenant: { opacity: 0.9, fontSize: tokens.fontSizeBase200, borderLeft: '1px solid rgba(255,255,255,0.4)', paddingLeft: tokens.spacingHorizontalM },
  spacer: { flexGrow: 1 },
  user: { color: tokens.colorNeutralForegroundOnBrand, ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' } },
  userName: { maxWidth: '240px', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

/** The product's own mark, a reserved slot with a tick (no external assets; the CSP allows only self). */
export function Logo({ className }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 22 22" aria-hidden focusable="false">
      <rect x="1" y="2" width="20" height="19" rx="3" fill="#ffffff" />
      <rect x="1" y="2" width="20" height="5" rx="2" fill="#b4d6fa" />
      <path d="M6 14l3.2 3.2L16 10.4" stroke="#0f6cbd" strokeWidth="2.2" fill="none" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** The top bar: product name, the user's organization, the language switch and the account menu. */
export function Header() {
  const t = useT();
  const s = useStyles();
  const { me, signOut } = useSession();
  const organization = me.partner?.name ?? t(`shell.tenant.${me.tenantType}`);
  const displayName = me.displayName ?? me.name;
  return (
    <header className={s.header} role="banner">
      <Link to="/" className={s.brand}>
        <Logo className={s.logo} />
        <span>{t('shell.productName')}</span>
      </Link>
      <Text className={s.tenant} data-testid="organization">{organization}</Text>
      <div className={s.spacer} />
      <LanguageSwitch />
      <Menu>
        <MenuTrigger disableButtonEnhancement>
          <Button appearance="transparent" className={s.user} aria-label={t('shell.user.menu', { name: displayName })} data-testid="user-menu"
            // No initials in the avatar: they would be visible text missing from the button's accessible name.
            icon={<Avatar size={28} color="brand" aria-hidden />}>
            <span className={s.userName}>{displayName}</span>
          </Button>
        </MenuTrigger>
        <MenuPopover>
          <MenuList>
            <MenuGroup>
              <MenuGroupHeader>{t('shell.user.signedInAs')}</MenuGroupHeader>
              <MenuItem disabled>{displayName}</MenuItem>
              {me.email ? <MenuItem disabled>{me.email}</MenuItem> : null}
            </MenuGroup>
            <MenuGroup>
              <MenuGroupHeader>{t('shell.user.roles')}</MenuGroupHeader>
              {me.roles.map((r) => <MenuItem key={r} disabled>{t(`shell.role.${r}`)}</MenuItem>)}
            </MenuGroup>
            <MenuDivider />
            <MenuItem icon={<SignOutRegular />} onClick={() => void signOut()}>{t('shell.user.signOut')}</MenuItem>
          </MenuList>
        </MenuPopover>
      </Menu>
    </header>
  );
}
