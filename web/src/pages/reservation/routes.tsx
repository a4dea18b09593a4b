import { lazy, Suspense } from 'react';
import { Navigate, useParams, type RouteObject } from 'react-router';
import { Loading } from '../../components/PageState.tsx';

/** The reservation details page (URL plan of issue 6): /reservations/:orderId/:reservationId/:section. */
const ReservationPage = lazy(() => import('./ReservationPage.tsx'));

/** Without a section the page opens on Overview. */
function ToOverview() {
  const { orderId, reservationId } = useParams();
  return <Navigate to={`/reservations/${orderId}/${reservationId}/overview`} replace />;
}

export const routes: RouteObject[] = [
  { path: 'reservations/:orderId/:reservationId', element: <ToOverview /> },
  { path: 'reservations/:orderId/:reservationId/:section', element: <Suspense fallback={<Loading />}><ReservationPage /></Suspense> },
];
