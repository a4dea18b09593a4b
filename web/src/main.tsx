import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router';
import { I18nProvider } from './i18n/index.tsx';
import { buildRouter } from './routes.tsx';
import './global.css';

const router = buildRouter();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FluentProvider theme={webLightTheme} style={{ height: '100%' }}>
      <I18nProvider>
        <RouterProvider router={router} />
      </I18nProvider>
    </FluentProvider>
  </StrictMode>,
);
