import { makeStyles, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

/** A labelled list of figures (a quote, a request's properties) as a two-column description list. */
const useStyles = makeStyles({
  list: {
    display: 'grid', gridTemplateColumns: 'minmax(180px, max-content) 1fr', columnGap: tokens.spacingHorizontalXXL,
    rowGap: tokens.spacingVerticalS, margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontVariantNumeric: 'tabular-nums' },
  strong: { margin: 0, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums' },
});

export interface Fact {
  label: string;
  value: ReactNode;
  strong?: boolean;
  testId?: string;
}

export function Facts({ items, label }: { items: Fact[]; label?: string }) {
  const s = useStyles();
  return (
    <dl className={s.list} aria-label={label}>
      {items.map((f) => (
        <div key={f.label} style={{ display: 'contents' }}>
          <dt className={s.term}>{f.label}</dt>
          <dd className={f.strong ? s.strong : s.value} data-testid={f.testId}>{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}
