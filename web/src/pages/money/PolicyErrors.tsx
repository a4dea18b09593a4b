import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { useT } from '../../i18n/index.tsx';
import { usePolicyErrorText, type QuoteAmounts } from './policy-words.ts';
import type { PolicyError } from './types.ts';

/** Every policy error of a quote, in plain words in the UI language (with the engine's code for support). */
export function PolicyErrors({ errors, amounts }: { errors: PolicyError[]; amounts?: QuoteAmounts }) {
  const t = useT();
  const text = usePolicyErrorText();
  if (!errors.length) return null;
  return (
    <MessageBar intent="error" layout="multiline" data-testid="policy-errors">
      <MessageBarBody>
        <MessageBarTitle>{t('money.quote.errorsTitle', { count: errors.length })}</MessageBarTitle>
        <ul style={{ margin: 0, paddingInlineStart: '1.2em' }}>
          {errors.map((e) => (
            <li key={`${e.code}-${e.message}`} data-code={e.code}>{text(e, amounts)}</li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
