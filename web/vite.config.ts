import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The console's build: root web/, output web/dist (served by the server at /).
 * Fluent UI and React go to shared vendor chunks so the lazily loaded pages stay small and share
 * them; every page is React.lazy (see src/routes.tsx), so the initial JS is the shell only.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rollupOptions: {
      output: {
        manualChunks(id) {
          if (!id.includes('node_modules')) return undefined;
          if (/node_modules\/(react|react-dom|scheduler|react-router|cookie|set-cookie-parser)\//.test(id)) return 'react';
          // Fluent's shared runtime (styling, focus, positioning, theme, contexts) once for every page;
          // its components are left to Rollup, so a component only one lazy page uses loads with that page.
          if (/node_modules\/(@griffel|tabster|keyborg|@floating-ui|@swc\/helpers)\//.test(id)) return 'fluent-core';
          if (/node_modules\/@fluentui\/(react-utilities|react-shared-contexts|react-theme|tokens|react-jsx-runtime|react-tabster|react-portal|react-positioning|react-context-selector|react-aria|keyboard-keys|react-motion|react-provider|react-icons)\//.test(id)) return 'fluent-core';
          return undefined;
        },
      },
    },
  },
  server: {
    // `npx vite --config web/vite.config.ts` for hot reload against a running server on :8080.
    proxy: { '/v1': 'http://localhost:8080' },
  },
});
