import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The web app lives in web/ and is built into dist/web, which `spreekuur serve` serves.
// In development, run the server (`node bin/spreekuur.js serve`) and `npx vite`: API calls are proxied.
export default defineConfig({
  root: "web",
  plugins: [react()],
  build: { outDir: "../dist/web", emptyOutDir: true, sourcemap: true },
  server: {
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:3000", "/healthz": "http://127.0.0.1:3000" },
  },
});
