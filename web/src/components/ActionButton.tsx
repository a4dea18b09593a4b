import { Button, Tooltip, type ButtonProps } from '@fluentui/react-components';
import { useId, type MouseEvent, type ReactNode } from 'react';

/** The API's verdict on one action (reservation rows carry `allowedActions` {action: {allowed, reason}}). */
export interface Decision {
  allowed: boolean;
  reason?: string | null;
}

export interface ActionButtonProps {
  decision: Decision;
  children?: ReactNode;
  icon?: ButtonProps['icon'];
  appearance?: ButtonProps['appearance'];
  size?: ButtonProps['size'];
  shape?: ButtonProps['shape'];
  type?: 'button' | 'submit';
  id?: string;
  className?: string;
  'aria-label'?: string;
  'data-testid'?: string;
  onClick?: (e: MouseEvent<HTMLButtonElement>) => void;
}

/**
 * A button the user may or may not use. When not allowed it stays visible, disabled but focusable
 * (so keyboard users reach it), with a tooltip and a description giving the server's reason —
 * actions are never hidden silently and never offered and then refused. Tests can read the reason
 * from `data-disabled-reason`.
 */
export function ActionButton({ decision, children, onClick, ...rest }: ActionButtonProps) {
  const reasonId = useId();
  if (decision.allowed) return <Button {...rest} onClick={onClick}>{children}</Button>;
  const reason = decision.reason ?? '';
  const button = (
    <Button {...rest} disabledFocusable aria-describedby={reason ? reasonId : undefined} data-disabled-reason={reason}>
      {children}
      {reason ? <span id={reasonId} hidden>{reason}</span> : null}
    </Button>
  );
  if (!reason) return button;
  return (
    <Tooltip content={reason} relationship="inaccessible" withArrow>
      {button}
    </Tooltip>
  );
}
