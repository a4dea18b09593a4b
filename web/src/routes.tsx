import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, type RouteObject } from 'react-router';
import { Loading } from './components/PageState.tsx';
import { SessionProvider } from './session.tsx';
import { Shell } from './shell/Shell.tsx';
import { NotFound } from './shell/NotFound.tsx';
import { RouteError } from './shell/RouteError.tsx';

/**
 * The router: /signin outside the shell; everything else inside the signed-in shell. Each area
 * adds its pages in web/src/pages/<area>/routes.tsx (`export const routes: RouteObject[]`, paths
 * from the URL plan, components React.lazy); they are collected here with import.meta.glob, so a
 * new area needs no edit in this file. The routes files are small and eager; the pages are lazy.
 */
const areaModules = import.meta.glob<{ routes: RouteObject[] }>('./pages/*/routes.tsx', { eager: true });

export const areaRoutes: RouteObject[] = Object.keys(areaModules)
  .sort()
  .flatMap((file) => areaModules[file]?.routes ?? []);

const SignInPage = lazy(() => import('./signin/SignInPage.tsx'));

/** A lazy page with the standard loading state (use in area routes: `element: page(<X />)`). */
export function page(element: ReactNode): ReactNode {
  return <Suspense fallback={<Loading />}>{element}</Suspense>;
}

export function buildRouter() {
  return createBrowserRouter([
    { path: '/signin', element: page(<SignInPage />), errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <SessionProvider>
          <Shell />
        </SessionProvider>
      ),
      errorElement: <RouteError />,
      children: [
        ...areaRoutes,
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);
}
