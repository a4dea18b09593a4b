import { dictionaries, useLang, useT } from '../i18n/index.tsx';
import { ApiError } from './client.ts';

export interface ErrorText {
  /** What to show, in the UI language. */
  message: string;
  /** The server's own (English) message when no translation of its code exists; shown as a detail. */
  detail?: string;
}

/**
 * The words for an API error in the UI language. The server answers in English with a stable
 * code; a message key `error.<code>` (any area's messages file may add those of its routes) gives
 * the translation. In English the server's message is shown as it is (it is the most precise);
 * in Korean an untranslated code falls back to a Korean sentence by HTTP status, with the
 * server's message as a detail, so nothing is lost and the page stays Korean.
 */
export function useErrorText(): (err: ApiError | Error) => ErrorText {
  const t = useT();
  const { lang } = useLang();
  return (err) => {
    const api = err instanceof ApiError ? err : undefined;
    if (lang === 'en') return { message: err.message };
    const key = api ? `error.${api.code}` : undefined;
    if (key && dictionaries[lang][key] !== undefined) return { message: t(key) };
    const status = api?.status ?? 0;
    const statusKey = status === 0 ? 'error.status.network'
      : status === 401 ? 'error.status.401'
        : status === 403 ? 'error.status.403'
          : status === 404 ? 'error.status.404'
            : status === 409 ? 'error.status.409'
              : status === 429 ? 'error.status.429'
                : status >= 500 ? 'error.status.500'
                  : 'error.status.400';
    return { message: t(statusKey), detail: err.message };
  };
}
