import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The dev server forwards every path the controller owns, so `npm run dev` runs against a live server. The key is a
// regular expression because a plain '/c' prefix would also swallow the UI's own /configs and /constants.
const apiTarget = process.env.TC_API_URL ?? 'http://127.0.0.1:8888';
const proxy = { '^/(api|health|c)(/|$)': { target: apiTarget } };

// Libraries change less often than the app, so they get their own long-cached chunks.
function vendorChunk(id: string): string | undefined {
  if (!id.includes('/node_modules/')) return undefined;
  // Charts come with the agent detail page only (recharts pulls d3 and lodash).
  if (
    /\/node_modules\/(@mantine\/charts|recharts|recharts-scale|d3-[a-z-]+|lodash|victory-vendor|react-smooth|decimal\.js-light|eventemitter3|fast-equals|internmap|tiny-invariant)\//.test(
      id,
    )
  )
    return 'charts';
  if (/\/node_modules\/(react|react-dom|react-router|scheduler|cookie|set-cookie-parser)\//.test(id)) return 'react';
  if (/\/node_modules\/(@mantine|@floating-ui|react-remove-scroll|react-number-format|clsx)/.test(id)) return 'mantine';
  // The editor is loaded with the pages that edit configurations, not at sign-in.
  if (/\/node_modules\/(@codemirror|@lezer|codemirror|@marijn|crelt|style-mod|w3c-keyname)\//.test(id))
    return 'codemirror';
  return 'vendor';
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, proxy },
});
