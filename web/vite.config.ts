/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev`: hot reload on :5173 with /api proxied to the app `make dev` runs.
const API_TARGET = process.env.API_TARGET ?? "http://127.0.0.1:7071";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { "/api": { target: API_TARGET, changeOrigin: false } },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The initial-JS budget is checked by scripts/initial-js-size.mjs, not by this warning.
    chunkSizeWarningLimit: 600,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    css: false,
  },
});
