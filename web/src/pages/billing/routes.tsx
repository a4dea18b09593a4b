import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Billing: credits and statements, one tab each. */
const BillingPage = lazy(() => import('./BillingPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'billing', element: <Suspense fallback={<Loading />}><BillingPage /></Suspense> },
  { path: 'billing/:tab', element: <Suspense fallback={<Loading />}><BillingPage /></Suspense> },
];
