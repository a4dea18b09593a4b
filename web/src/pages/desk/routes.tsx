import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** The provider's support desk: the queue and one request (URL plan of issue 6). */
const DeskQueuePage = lazy(() => import('./DeskQueuePage.tsx'));
const DeskRequestPage = lazy(() => import('./DeskRequestPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'desk', element: <Suspense fallback={<Loading />}><DeskQueuePage /></Suspense> },
  { path: 'desk/:id', element: <Suspense fallback={<Loading />}><DeskRequestPage /></Suspense> },
];
