import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** Customers / 고객: the list and the customer's details page with its tabs (URL plan of issue 6). */
const CustomersPage = lazy(() => import('./CustomersPage.tsx'));
const CustomerPage = lazy(() => import('./CustomerPage.tsx'));

export const routes: RouteObject[] = [
  { path: 'customers', element: <Suspense fallback={<Loading />}><CustomersPage /></Suspense> },
  { path: 'customers/:customerId', element: <Suspense fallback={<Loading />}><CustomerPage /></Suspense> },
  { path: 'customers/:customerId/:tab', element: <Suspense fallback={<Loading />}><CustomerPage /></Suspense> },
];
