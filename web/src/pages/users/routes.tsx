import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Users: the partner's users for Global admins and User management admins. */
const UsersPage = lazy(() => import('./UsersPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'users', element: <Suspense fallback={<Loading />}><UsersPage /></Suspense> },
];
