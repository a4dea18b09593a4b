import { makeStyles, tokens } from '@fluentui/react-components';
import { Outlet } from 'react-router';
import { useT } from '../i18n/index.tsx';
import { Header } from './Header.tsx';
import { NavMenu } from './NavMenu.tsx';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', minWidth: '1024px' },
  skip: {
    position: 'absolute', left: '-10000px', top: 'auto', width: '1px', height: '1px', overflow: 'hidden', zIndex: 1000,
    ':focus': {
      left: tokens.spacingHorizontalM, top: tokens.spacingVerticalS, width: 'auto', height: 'auto', padding: tokens.spacingHorizontalM,
      backgroundColor: tokens.colorNeutralBackground1, color: tokens.colorBrandForeground1, boxShadow: tokens.shadow16, borderRadius: tokens.borderRadiusMedium,
    },
  },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: {
    flexGrow: 1, minWidth: 0, overflowY: 'auto', padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalXXL}`,
    backgroundColor: tokens.colorNeutralBackground2, ':focus': { outline: 'none' },
  },
});

export const MAIN_ID = 'main-content';

/** The signed-in layout: skip link, banner, navigation and the main region (landmarks for assistive tech). */
export function Shell() {
  const t = useT();
  const s = useStyles();
  return (
    <div className={s.root} data-shell-root>
      <a className={s.skip} href={`#${MAIN_ID}`}>{t('shell.skipToContent')}</a>
      <Header />
      <div className={s.body}>
        <NavMenu />
        <main id={MAIN_ID} className={s.main} tabIndex={-1}>
          <Outlet />
        </main>
      </div>
    </div>
  );
}
