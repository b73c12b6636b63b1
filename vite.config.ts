// Builds the paste-in folder, packages/elements/dist/cdn/: quotekit.js (the
// autoloader) and one chunk per element plus shared chunks, all relative
// imports, so the folder works from any static host or npm CDN.
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  resolve: { conditions: ['@quotekit/source', ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warn',
  build: {
    outDir: 'packages/elements/dist/cdn',
    emptyOutDir: true,
    target: 'es2022',
    minify: true,
    lib: {
      entry: { quotekit: 'packages/elements/src/cdn/quotekit.ts' },
      formats: ['es'],
    },
    rolldownOptions: {
      output: {
        // Library mode leaves whitespace and path comments in ES output unless
        // the output minifier is set as well.
        minify: true,
        entryFileNames: '[name].js',
        // An element's chunk is named after its tag; shared chunks after their first module.
        chunkFileNames: (chunk) => {
          const tag = /components\/([a-z-]+)\/define\.ts$/.exec(chunk.facadeModuleId ?? '')?.[1];
          return `chunks/${tag ?? '[name]'}-[hash].js`;
        },
      },
    },
  },
});
