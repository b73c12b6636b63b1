// Builds the paste-in folder, packages/elements/dist/cdn/: quotekit.js (the
// autoloader) and one chunk per element plus shared chunks, all relative
// imports, so the folder works from any static host or npm CDN.
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const ELEMENT = /components\/([a-z-]+)\/define\.ts$/;

/**
 * Writes, into quotekit.js, each element's chunk and every chunk it imports
 * however deep, so the autoloader preloads an element's whole graph at once.
 */
function preloadMap(): Plugin {
  return {
    name: 'quotekit-preload-map',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((o) => o.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const map: Record<string, string[]> = {};
      for (const chunk of chunks) {
        for (const id of chunk.moduleIds) {
          const tag = ELEMENT.exec(id)?.[1];
          if (!tag) continue;
          const files = new Set<string>();
          const add = (fileName: string) => {
            if (files.has(fileName) || fileName === 'quotekit.js') return;
            files.add(fileName);
            for (const next of byName.get(fileName)?.imports ?? []) add(next);
          };
          add(chunk.fileName);
          map[tag] = [...files].map((f) => f.replace(/^chunks\/(.*)\.js$/, '$1'));
        }
      }
      const loader = byName.get('quotekit.js');
      // Storybook builds with this config too, without the autoloader: nothing to write.
      if (!loader) return;
      if (!loader.code.includes('__QK_PRELOADS__')) {
        throw new Error('quotekit.js has no preload placeholder.');
      }
      loader.code = loader.code.replace(/(["'`])__QK_PRELOADS__\1/, () =>
        JSON.stringify(JSON.stringify(map)),
      );
    },
  };
}

/** Shared chunks named for what they hold. */
const GROUPS = [
  { name: 'decimal', test: /node_modules[\\/]decimal\.js/ },
  { name: 'zod', test: /node_modules[\\/]zod/ },
  { name: 'lit', test: /node_modules[\\/](lit|lit-html|lit-element|@lit)[\\/]/ },
  { name: 'nanostores', test: /node_modules[\\/]nanostores/ },
];

export default defineConfig({
  resolve: { conditions: ['@quotekit/source', ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warn',
  plugins: [preloadMap()],
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
        // Library mode leaves whitespace and path comments in ES output without this.
        minify: true,
        entryFileNames: '[name].js',
        // An element's chunk is named after its tag; shared chunks after their first module.
        codeSplitting: { groups: GROUPS },
        chunkFileNames: (chunk) => {
          const tag = ELEMENT.exec(chunk.facadeModuleId ?? '')?.[1];
          return `chunks/${tag ?? '[name]'}-[hash:6].js`;
        },
      },
    },
  },
});
