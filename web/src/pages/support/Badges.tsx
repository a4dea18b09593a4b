import { Badge } from '@fluentui/react-components';
import { useFormat } from '../../format.ts';
import { useT } from '../../i18n/index.tsx';

/** Status, severity and due time of a support request, with the same colours on every page. */
const STATUS_COLOR: Record<string, 'brand' | 'informative' | 'warning' | 'success' | 'danger' | 'subtle'> = {
  Open: 'brand', InProgress: 'informative', WaitingForPartner: 'warning', Resolved: 'success', Rejected: 'danger', Closed: 'subtle',
};
const SEVERITY_COLOR: Record<string, 'danger' | 'warning' | 'informative'> = { critical: 'danger', moderate: 'warning', minimal: 'informative' };

export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  return <Badge appearance="tint" color={STATUS_COLOR[status] ?? 'informative'} data-status={status}>{t(`support.status.${status}`)}</Badge>;
}

export function SeverityBadge({ severity }: { severity: string }) {
  const t = useT();
  return <Badge appearance="outline" color={SEVERITY_COLOR[severity] ?? 'informative'}>{t(`support.severity.${severity}`)}</Badge>;
}

/** The due time; an overdue open request says so in words, not by colour alone. */
export function DueTime({ dueAt, overdue }: { dueAt: string; overdue: boolean }) {
  const t = useT();
  const fmt = useFormat();
  return (
    <span>
      {fmt.dateTime(dueAt)}{' '}
      {overdue ? <Badge appearance="filled" color="danger" data-testid="overdue">{t('support.overdue')}</Badge> : null}
    </span>
  );
}
