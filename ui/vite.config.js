import { defineConfig } from 'vite';

// The UI is served by `foedus serve` from files embedded in the binary; during
// development, `npm run dev` proxies the API to a running server.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    sourcemap: false,
  },
  server: {
    proxy: { '/api': process.env.FOEDUS_API || 'http://127.0.0.1:8080' },
  },
});
