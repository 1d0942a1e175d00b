import { defineConfig } from "vite";

// Preact without a Vite plugin: the JSX transform alone is enough. Vite 8
// transforms with Oxc; its `esbuild` option is deprecated (and untyped without
// the esbuild package), so the equivalent of
// `esbuild: { jsx: "automatic", jsxImportSource: "preact" }` is set on `oxc`.
// Relative base so the built files load from Tauri's custom protocol and from
// the tests' small static server alike.
export default defineConfig({
  base: "./",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  clearScreen: false,
  server: { strictPort: true, port: 5173 },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
    reportCompressedSize: false,
  },
});
