/**
 * One Vite configuration for the demo page (`npm run demo`, `npm run build`), the package's bundles of the
 * library and CLI (`vite build --mode node`), and the tests (`vitest`: a Node project running real WGSL through Dawn, and a
 * browser project running it in headless Chromium on SwiftShader).
 */
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/** Chromium flags for WebGPU on SwiftShader in a headless container. */
export const chromiumArgs = [
  '--no-sandbox',
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter=swiftshader',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--disable-vulkan-surface',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig(({ mode }) => {
  if (mode === 'node') {
    // The package: the library's entries and the CLI, sharing chunks. Dependencies stay imports (the consumer's
    // bundler or Node resolves them); WGSL and JSON data are inlined. index.js and what it imports use no Node
    // built-in, so a browser bundler takes it as is; index.node.js (the `node` condition) adds
    // node.js, which installs Dawn (npm package `webgpu`, loaded on demand).
    return {
      build: {
        outDir: 'dist',
        emptyOutDir: true,
        target: 'es2022',
        minify: false,
        lib: {
          entry: {
            index: 'src/index.ts',
            'index.node': 'src/index.node.ts',
            node: 'src/node.ts',
            internal: 'src/internal.ts',
            cli: 'src/cli/main.ts',
          },
          formats: ['es'],
        },
        rollupOptions: {
          external: ['webgpu', /^@stdlib\//, /^node:/],
          output: { entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
        },
      },
    };
  }
  return {
    root: 'demo',
    base: './',
    build: { outDir: '../dist-demo', emptyOutDir: true, target: 'es2022' },
    server: { host: '127.0.0.1' },
    test: {
      root: '.',
      testTimeout: 120_000,
      hookTimeout: 120_000,
      projects: [
        {
          extends: true,
          test: {
            name: 'node',
            include: ['test/node/**/*.test.ts'],
            globalSetup: ['test/node/global-setup.ts'],
            setupFiles: ['test/node/setup-dawn.ts'],
            environment: 'node',
            pool: 'forks',
            // One Dawn device at a time: SwiftShader already uses every core.
            fileParallelism: false,
          },
        },
        {
          extends: true,
          test: {
            name: 'browser',
            include: ['test/browser/**/*.test.ts'],
            fileParallelism: false,
            browser: {
              enabled: true,
              headless: true,
              screenshotFailures: false,
              provider: playwright({ launchOptions: { executablePath: chromiumPath, args: chromiumArgs } }),
              instances: [{ browser: 'chromium' }],
            },
          },
        },
      ],
    },
  };
});
