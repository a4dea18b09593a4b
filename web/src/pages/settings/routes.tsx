import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Settings: policy values, webhooks, notification preferences, one tab each. */
const SettingsPage = lazy(() => import('./SettingsPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'settings', element: <Suspense fallback={<Loading />}><SettingsPage /></Suspense> },
  { path: 'settings/:tab', element: <Suspense fallback={<Loading />}><SettingsPage /></Suspense> },
];
