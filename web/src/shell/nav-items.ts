import type { Me } from '../session.tsx';

/**
 * The left navigation. Which sections a user sees comes from the server (/v1/me `sections`,
 * decided in src/domain/policy.ts `decideConsoleSections`); nothing here decides access, it only
 * orders and words the sections.
 */
export type Section = 'home' | 'customers' | 'supportRequests' | 'billing' | 'users' | 'settings' | 'auditLog' | 'desk';

export interface NavItem {
  section: Section;
  to: string;
  labelKey: string;
}

export const NAV_ITEMS: readonly NavItem[] = [
  { section: 'home', to: '/', labelKey: 'shell.nav.home' },
  { section: 'customers', to: '/customers', labelKey: 'shell.nav.customers' },
  { section: 'supportRequests', to: '/support-requests', labelKey: 'shell.nav.supportRequests' },
  { section: 'billing', to: '/billing', labelKey: 'shell.nav.billing' },
  { section: 'users', to: '/users', labelKey: 'shell.nav.users' },
  { section: 'settings', to: '/settings', labelKey: 'shell.nav.settings' },
  { section: 'auditLog', to: '/audit-log', labelKey: 'shell.nav.auditLog' },
  { section: 'desk', to: '/desk', labelKey: 'shell.nav.desk' },
];

export function visibleNavItems(me: Me): NavItem[] {
  return NAV_ITEMS.filter((item) => item.section === 'home' || me.sections?.[item.section] === true);
}
