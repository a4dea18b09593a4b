import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Audit log with filters and CSV export. */
const AuditLogPage = lazy(() => import('./AuditLogPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'audit-log', element: <Suspense fallback={<Loading />}><AuditLogPage /></Suspense> },
];
