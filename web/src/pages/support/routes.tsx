import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Support requests: the list with filters and one request with its thread (URL plan of issue 6). */
const SupportRequestsPage = lazy(() => import('./SupportRequestsPage.tsx'));
const SupportRequestPage = lazy(() => import('./SupportRequestPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'support-requests', element: <Suspense fallback={<Loading />}><SupportRequestsPage /></Suspense> },
  { path: 'support-requests/:id', element: <Suspense fallback={<Loading />}><SupportRequestPage /></Suspense> },
];
