/**
 * Vite build of the web app: React, served by `waymark serve` under /app/, built to web/dist.
 * `npm run build:web` builds it; `npx vite --config web/vite.config.ts` serves it for
 * development with the API proxied to a `waymark serve` on WAYMARK_API (default :3000).
 */
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webRoot = new URL('.', import.meta.url).pathname;
const repoRoot = new URL('..', import.meta.url).pathname;
const apiTarget = process.env.WAYMARK_API ?? 'http://localhost:3000';

export default defineConfig({
  root: webRoot,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    fs: { allow: [repoRoot] },
    proxy: { '/v1': apiTarget },
  },
});
