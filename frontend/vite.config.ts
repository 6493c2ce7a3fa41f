import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The Phoenix API (`phoenix serve`) listens on 127.0.0.1:8080 by default.
const backend = "http://127.0.0.1:8080";

export default defineConfig({
  plugins: [react()],
  // The chart library is one lazily loaded chunk of about 500 kB (175 kB gzip); the initial bundle
  // stays small because the builder and the charts are code-split.
  build: { chunkSizeWarningLimit: 600 },
  server: {
    port: 5173,
    proxy: {
      "/api": { target: backend, changeOrigin: true },
      "/docs": { target: backend, changeOrigin: true },
      "/openapi.json": { target: backend, changeOrigin: true },
      "/healthz": { target: backend, changeOrigin: true },
    },
  },
});
