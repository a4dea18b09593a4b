import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

/**
 * The console's two languages. Messages are split per area: every file web/src/i18n/messages/<area>.ts
 * exports `messages = { en: {...}, ko: {...} }` with flat keys prefixed by the area
 * ('reservation.overview.title'), and optionally `neutral: string[]`, the keys whose Korean text is
 * rightly the same as the English (IDs, "Azure", SKU codes). They are collected here with
 * import.meta.glob, so adding an area needs no edit in this file. Korean words exactly as
 * /work/shared/spec/glossary.md. A missing key shows as ⟦key⟧ so tests and eyes catch it.
 */
export type Lang = 'en' | 'ko';
export const LANGS: readonly Lang[] = ['en', 'ko'];

export type Dictionary = Record<string, string>;
export interface MessagesModule {
  messages: { en: Dictionary; ko: Dictionary };
  neutral?: readonly string[];
}

const modules = import.meta.glob<MessagesModule>('./messages/*.ts', { eager: true });

function collect(lang: Lang): Dictionary {
  const out: Dictionary = {};
  for (const mod of Object.values(modules)) Object.assign(out, mod.messages?.[lang] ?? {});
  return out;
}

export const dictionaries: Record<Lang, Dictionary> = { en: collect('en'), ko: collect('ko') };

const STORAGE_KEY = 'rd.lang';

export function isLang(v: unknown): v is Lang {
  return v === 'en' || v === 'ko';
}

/** Remembered choice first (this browser), then the browser's language; Korean for any ko-* locale. */
export function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage unavailable (privacy mode): fall through
  }
  const nav = typeof navigator !== 'undefined' ? (navigator.languages?.[0] ?? navigator.language ?? 'en') : 'en';
  return nav.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** `{name}` placeholders replaced by vars. */
export function translate(dict: Dictionary, key: string, vars?: Record<string, string | number>): string {
  const template = dict[key];
  if (template === undefined) return `⟦${key}⟧`;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

interface I18nValue {
  lang: Lang;
  setLang(l: Lang): void;
  t: (key: string, vars?: Record<string, string | number>) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Listeners told of a user's explicit switch (the session stores it on the server per user). */
type LangListener = (l: Lang) => void;
const listeners = new Set<LangListener>();
export function onLangChosen(listener: LangListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = translate(dictionaries[lang], 'shell.productName');
  }, [lang]);

  const apply = useCallback((l: Lang, chosen: boolean) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // not remembered in this browser; the server still keeps it per user
    }
    if (chosen) for (const listener of listeners) listener(l);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[lang];
    return { lang, setLang: (l: Lang) => apply(l, true), t: (key, vars) => translate(dict, key, vars) };
  }, [lang, apply]);

  // The session applies the user's stored preference without echoing it back to the server.
  applyFromServer = (l: Lang) => apply(l, false);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

let applyFromServer: ((l: Lang) => void) | undefined;
/** Used by the session when the signed-in user has a remembered language. */
export function applyServerLanguage(l: Lang): void {
  applyFromServer?.(l);
}

function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useT/useLang outside <I18nProvider>');
  return v;
}

export function useT(): (key: string, vars?: Record<string, string | number>) => string {
  return useI18n().t;
}

export function useLang(): { lang: Lang; setLang(l: Lang): void } {
  const { lang, setLang } = useI18n();
  return { lang, setLang };
}
