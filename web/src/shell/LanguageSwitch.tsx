import { Button, Menu, MenuItemRadio, MenuList, MenuPopover, MenuTrigger, makeStyles, tokens, type MenuProps } from '@fluentui/react-components';
import { GlobeRegular } from '@fluentui/react-icons';
import { useT, useLang, isLang, type Lang } from '../i18n/index.tsx';

/** Each language named in itself, so anyone finds their own. */
export const LANGUAGE_NAMES: Record<Lang, string> = { en: 'English', ko: '한국어' };

const useStyles = makeStyles({
  trigger: { color: tokens.colorNeutralForegroundOnBrand, ':hover': { color: tokens.colorNeutralForegroundOnBrand, backgroundColor: 'rgba(255,255,255,0.12)' } },
});

/** Switches the UI language in place: the URL (and so the page and its state in the URL) stays. */
export function LanguageSwitch({ onDark = true }: { onDark?: boolean }) {
  const t = useT();
  const s = useStyles();
  const { lang, setLang } = useLang();
  const onChange: MenuProps['onCheckedValueChange'] = (_e, data) => {
    const next = data.checkedItems[0];
    if (isLang(next) && next !== lang) setLang(next);
  };
  return (
    <Menu checkedValues={{ language: [lang] }} onCheckedValueChange={onChange}>
      <MenuTrigger disableButtonEnhancement>
        <Button
          appearance="transparent"
          className={onDark ? s.trigger : undefined}
          icon={<GlobeRegular />}
          aria-label={t('shell.language.current', { language: LANGUAGE_NAMES[lang] })}
          data-testid="language-switch"
        >
          {LANGUAGE_NAMES[lang]}
        </Button>
      </MenuTrigger>
      <MenuPopover>
        <MenuList>
          {(Object.keys(LANGUAGE_NAMES) as Lang[]).map((l) => (
            <MenuItemRadio key={l} name="language" value={l} lang={l}>
              {LANGUAGE_NAMES[l]}
            </MenuItemRadio>
          ))}
        </MenuList>
      </MenuPopover>
    </Menu>
  );
}
