import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Home: what needs attention (a customer user lands on its own reservations instead). */
const HomePage = lazy(() => import('./HomePage.tsx'));

export const routes: RouteObject[] = [
  { index: true, element: <Suspense fallback={<Loading />}><HomePage /></Suspense> },
];
