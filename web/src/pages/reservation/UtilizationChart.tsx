import { makeStyles, tokens } from '@fluentui/react-components';
import { useId } from 'react';
import { useFormat } from '../../format.ts';
import { useLang, useT } from '../../i18n/index.tsx';
import type { DailyUtilizationJson } from './types.ts';

const useStyles = makeStyles({
  svg: { width: '100%', height: 'auto', display: 'block' },
  table: {
    borderCollapse: 'collapse', width: '100%', fontSize: tokens.fontSizeBase200,
    '& th, & td': { textAlign: 'start', padding: `${tokens.spacingVerticalXXS} ${tokens.spacingHorizontalS}`, borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  },
  details: { marginTop: tokens.spacingVerticalS, '& summary': { cursor: 'pointer', color: tokens.colorBrandForeground1 } },
});

const W = 640;
const H = 200;
const PAD = { left: 44, right: 8, top: 10, bottom: 28 };

/**
 * Daily utilization as a bar chart in SVG: one bar per day (average %), the day's range as a thin
 * line, gaps where there is no data. The figure is an image with a text summary for screen readers
 * (role="img", aria-label) and every bar has a <title>; the exact figures are in a table behind a
 * disclosure. Fixed aspect ratio, so loading and data never move the layout.
 */
export function UtilizationChart({ data }: { data: DailyUtilizationJson }) {
  const t = useT();
  const fmt = useFormat();
  const s = useStyles();
  const { lang } = useLang();
  const shortDate = new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
  const titleId = useId();
  const days = data.days;
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  const step = plotW / Math.max(days.length, 1);
  const barW = Math.max(2, step * 0.66);
  const y = (pct: number) => PAD.top + plotH - (Math.min(Math.max(pct, 0), 100) / 100) * plotH;
  const values = days.filter((d) => d.avgPct !== null).map((d) => d.avgPct as number);
  const missing = days.length - values.length;
  const first = days[0]?.usageDate ?? '';
  const last = days.at(-1)?.usageDate ?? '';
  const label = t('reservation.util.chartLabel', {
    from: first ? fmt.date(first) : '', to: last ? fmt.date(last) : '',
    min: values.length ? fmt.percent(Math.min(...values)) : t('reservation.util.none'),
    max: values.length ? fmt.percent(Math.max(...values)) : t('reservation.util.none'),
    missing,
  });
  const ticks = [0, 25, 50, 75, 100];
  const labelEvery = Math.ceil(days.length / 6);
  // An intermediate label too close to the last one is left out rather than overlapping it.
  const labelled = (i: number) => i === days.length - 1 || (i % labelEvery === 0 && days.length - 1 - i >= labelEvery);
  return (
    <figure style={{ margin: 0 }}>
      <figcaption id={titleId} style={{ fontWeight: 600, marginBottom: 4 }}>{t('reservation.util.chartTitle', { days: days.length })}</figcaption>
      <svg className={s.svg} viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={titleId} aria-describedby={`${titleId}-desc`} data-chart="utilization">
        <desc id={`${titleId}-desc`}>{label}</desc>
        {ticks.map((tk) => (
          <g key={tk} aria-hidden="true">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(tk)} y2={y(tk)} stroke={tk === 0 ? '#8a8886' : '#e1dfdd'} strokeWidth={1} />
            <text x={PAD.left - 6} y={y(tk) + 4} textAnchor="end" fontSize={12} fill="#605e5c">{fmt.percent(tk)}</text>
          </g>
        ))}
        {days.map((d, i) => {
          const x = PAD.left + i * step + (step - barW) / 2;
          const date = fmt.date(d.usageDate);
          if (d.avgPct === null) {
            return (
              <g key={d.usageDate} data-day={d.usageDate}>
                <title>{t('reservation.util.barNone', { date })}</title>
                <rect x={x} y={y(0) - 2} width={barW} height={2} fill="#c8c6c4" />
              </g>
            );
          }
          return (
            <g key={d.usageDate} data-day={d.usageDate}>
              <title>{t('reservation.util.bar', { date, value: fmt.percent(d.avgPct) })}</title>
              <rect x={x} y={y(d.avgPct)} width={barW} height={y(0) - y(d.avgPct)} fill="#0f6cbd" rx={1} />
              {d.minPct !== null && d.maxPct !== null ? (
                <line x1={x + barW / 2} x2={x + barW / 2} y1={y(d.maxPct)} y2={y(d.minPct)} stroke="#003966" strokeWidth={1} opacity={0.6} />
              ) : null}
            </g>
          );
        })}
        {days.map((d, i) => (labelled(i) ? (
          <text
            key={`l-${d.usageDate}`} aria-hidden="true" y={H - 8} fontSize={12} fill="#605e5c"
            // The first and last labels align with the plot's edges so neither is cut off.
            x={i === 0 ? PAD.left : i === days.length - 1 ? W - PAD.right : PAD.left + i * step + step / 2}
            textAnchor={i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle'}
          >
            {shortDate.format(new Date(`${d.usageDate}T00:00:00Z`))}
          </text>
        ) : null))}
      </svg>
      <details className={s.details}>
        <summary>{t('reservation.util.showTable')}</summary>
        <table className={s.table}>
          <thead>
            <tr><th scope="col">{t('reservation.util.date')}</th><th scope="col">{t('reservation.util.average')}</th><th scope="col">{t('reservation.util.range')}</th></tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.usageDate}>
                <td>{fmt.date(d.usageDate)}</td>
                <td>{d.avgPct === null ? t('reservation.util.none') : fmt.percent(d.avgPct)}</td>
                <td>{d.minPct === null || d.maxPct === null ? '—' : `${fmt.percent(d.minPct)} – ${fmt.percent(d.maxPct)}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
