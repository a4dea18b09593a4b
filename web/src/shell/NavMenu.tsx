import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import {
  BookRegular, BuildingPeopleRegular, ChatHelpRegular, HeadsetRegular, HomeRegular, MoneyRegular, PeopleRegular, SettingsRegular,
} from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import { NavLink } from 'react-router';
import { useT } from '../i18n/index.tsx';
import { useSession } from '../session.tsx';
import { visibleNavItems, type Section } from './nav-items.ts';

const ICONS: Record<Section, ReactElement> = {
  home: <HomeRegular />,
  customers: <BuildingPeopleRegular />,
  supportRequests: <ChatHelpRegular />,
  billing: <MoneyRegular />,
  users: <PeopleRegular />,
  settings: <SettingsRegular />,
  auditLog: <BookRegular />,
  desk: <HeadsetRegular />,
};

const useStyles = makeStyles({
  nav: {
    width: '232px', flexShrink: 0, backgroundColor: tokens.colorNeutralBackground1,
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`, paddingTop: tokens.spacingVerticalS, overflowY: 'auto',
  },
  list: { listStyle: 'none', margin: 0, padding: 0 },
  link: {
    display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, minHeight: '40px',
    padding: `0 ${tokens.spacingHorizontalL}`, color: tokens.colorNeutralForeground1, textDecoration: 'none',
    fontSize: tokens.fontSizeBase300, borderLeft: '3px solid transparent',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' },
    '& svg': { fontSize: '20px', color: tokens.colorBrandForeground1 },
  },
  active: {
    backgroundColor: tokens.colorNeutralBackground1Selected, borderLeft: `3px solid ${tokens.colorBrandStroke1}`,
    fontWeight: tokens.fontWeightSemibold,
  },
});

/** The left navigation: the sections this user may open (decided by the server), portal style. */
export function NavMenu() {
  const t = useT();
  const s = useStyles();
  const { me } = useSession();
  return (
    <nav className={s.nav} aria-label={t('shell.nav.label')}>
      <ul className={s.list}>
        {visibleNavItems(me).map((item) => (
          <li key={item.section}>
            <NavLink
              to={item.to}
              end={item.to === '/'}
              className={({ isActive }) => mergeClasses(s.link, isActive && s.active)}
              data-nav={item.section}
            >
              {ICONS[item.section]}
              <span>{t(item.labelKey)}</span>
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
