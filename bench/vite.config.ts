/** Node bundle of the benchmark runner (`npm run bench`): bench/main.ts → dist-bench/main.js, like the CLI. */
import { defineConfig } from 'vite';

export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist-bench',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    rollupOptions: {
      input: { main: 'bench/main.ts' },
      output: { entryFileNames: '[name].js', format: 'es' },
      external: ['webgpu', /^node:/],
    },
  },
  ssr: { noExternal: true, external: ['webgpu'] },
});
