import { Breadcrumb, BreadcrumbButton, BreadcrumbDivider, BreadcrumbItem, Text, Toolbar, makeStyles, tokens } from '@fluentui/react-components';
import { Fragment, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../i18n/index.tsx';

export interface Crumb {
  label: string;
  /** Absent for the current page. */
  to?: string;
}

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, marginBottom: tokens.spacingVerticalL },
  titleRow: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { margin: 0, fontSize: tokens.fontSizeHero700, lineHeight: tokens.lineHeightHero700, fontWeight: tokens.fontWeightSemibold },
  subtitle: { color: tokens.colorNeutralForeground2 },
  commands: { borderBottom: `1px solid ${tokens.colorNeutralStroke2}`, paddingBottom: tokens.spacingVerticalXS, minHeight: '40px' },
});

/**
 * The top of every page, portal style: breadcrumb, title (the page's h1), optional subtitle and
 * badges beside the title, then the command bar (pass Toolbar buttons as `commands`).
 */
export function PageHeader({ title, subtitle, breadcrumb, commands, badges }: {
  title: string;
  subtitle?: ReactNode;
  breadcrumb?: Crumb[];
  commands?: ReactNode;
  badges?: ReactNode;
}) {
  const t = useT();
  const s = useStyles();
  const navigate = useNavigate();
  return (
    <header className={s.root}>
      {breadcrumb && breadcrumb.length > 0 ? (
        <Breadcrumb aria-label={t('shell.breadcrumb.label')} size="small">
          {breadcrumb.map((c, i) => (
            <Fragment key={`${c.label}-${i}`}>
              <BreadcrumbItem>
                {c.to ? (
                  <BreadcrumbButton as="a" href={c.to} onClick={(e) => { e.preventDefault(); navigate(c.to!); }}>{c.label}</BreadcrumbButton>
                ) : (
                  <BreadcrumbButton current>{c.label}</BreadcrumbButton>
                )}
              </BreadcrumbItem>
              {i < breadcrumb.length - 1 ? <BreadcrumbDivider /> : null}
            </Fragment>
          ))}
        </Breadcrumb>
      ) : null}
      <div className={s.titleRow}>
        <h1 className={s.title}>{title}</h1>
        {badges}
      </div>
      {subtitle ? <Text className={s.subtitle}>{subtitle}</Text> : null}
      {commands ? (
        <Toolbar aria-label={t('shell.commandBar.label')} className={s.commands}>
          {commands}
        </Toolbar>
      ) : null}
    </header>
  );
}
