// Builds the paste-in folder, packages/elements/dist/cdn/: quotekit.js (the
// autoloader) and one chunk per element plus shared chunks, all relative
// imports, so the folder works from any static host or npm CDN.
import { readFileSync } from 'node:fs';
import { defaultClientConditions, defineConfig, type Plugin } from 'vite';

const ELEMENT = /components\/([a-z-]+)\/define\.ts$/;

/**
 * Elements whose graph the autoloader does not preload: <partner-portal>
 * paints a sign-in form first, behind which a round trip more does not show,
 * and its map entry would weigh on every storefront page's autoloader.
 */
const UNPRELOADED = new Set(['partner-portal']);

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
          if (!tag || UNPRELOADED.has(tag)) continue;
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
      // In single quotes: chunk names hold no quote or backslash, so the JSON's
      // double quotes need no escaping.
      const json = JSON.stringify(map);
      if (/['\\]/.test(json)) throw new Error('A chunk name holds a quote or a backslash.');
      loader.code = loader.code.replace(/(["'`])__QK_PRELOADS__\1/, () => `'${json}'`);
    },
  };
}

/**
 * Copies cdn/quotekit.css (the room each element keeps before its script has
 * run) beside quotekit.js, when the autoloader is built.
 */
function skeletonCss(): Plugin {
  return {
    name: 'quotekit-skeleton-css',
    generateBundle(_options, bundle) {
      if (!('quotekit.js' in bundle)) return;
      this.emitFile({
        type: 'asset',
        fileName: 'quotekit.css',
        source: readFileSync(new URL('./packages/elements/src/cdn/quotekit.css', import.meta.url)),
      });
    },
  };
}

/**
 * Minifies the CSS in the elements' `css` templates, which the JS minifier
 * leaves as written: comments go, whitespace runs become one space, and none
 * is kept beside `{`, `}`, `;` or after `,`, `:` and `>`. Our styles have no
 * strings whose spacing matters and no `${}` parts.
 */
function minifyCss(): Plugin {
  const squeeze = (text: string) =>
    text
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\s+/g, ' ')
      .replace(/\s*([{};])\s*/g, '$1')
      .replace(/([,:>]) /g, '$1')
      .trim();
  return {
    name: 'quotekit-minify-css',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]elements[\\/]src[\\/].*\.ts$/.test(id) || !code.includes('css`')) return null;
      return code.replace(/\bcss`([^`$]*)`/g, (_, body: string) => `css\`${squeeze(body)}\``);
    },
  };
}

/**
 * decimal.js and zod in chunks of their own. Lit is not grouped: a group is
 * one chunk, so a page would load every part of Lit any element uses (the
 * builder's context provider on a page with only an offer field). Ungrouped,
 * Lit core joins what every element shares, and @lit/context and nanostores
 * go where they are used.
 */
const GROUPS = [
  // What every element is built on, as one chunk: Lit, the element base and
  // the error class. Named by its modules rather than left to the bundler,
  // which moved core's errors.ts to a chunk of its own once an element
  // (the partner portal) loaded part of itself on demand.
  {
    name: 'base',
    test: /(node_modules[\\/](lit|lit-html|lit-element|@lit[\\/]reactive-element)[\\/].*\.js|(core|sdk)[\\/]src[\\/]errors\.ts|elements[\\/]src[\\/](internal[\\/](define|locale|messages|element|format)|events[\\/]error|styles[\\/]tokens)\.ts)$/,
    includeDependenciesRecursively: false,
  },
  { name: 'decimal', test: /node_modules[\\/]decimal\.js/ },
  { name: 'zod', test: /node_modules[\\/]zod/ },
  // <offer-code-input>'s graph in one chunk, as when only it and the builder
  // shared it: the partner portal also calls the API (request.ts), and
  // without this a storefront page with the offer field would load that
  // module as one more file. The portal loads this chunk whole instead.
  {
    name: 'offer-code-input-shared',
    test: /(sdk[\\/]src[\\/](api[\\/]request|offer[\\/]offer-check|session[\\/]sessions)\.ts|nanostores[\\/]atom[\\/]index\.js|@lit[\\/]context[\\/]lib[\\/](context-request-event|create-context)\.js|elements[\\/]src[\\/](events[\\/]offer-change|internal[\\/](store-controller|context)|components[\\/]offer-code-input[\\/](define|messages|offer-code-input(\.styles)?|offer-source))\.ts)$/,
    // Only these modules: Lit and the elements' base stay in `base`.
    includeDependenciesRecursively: false,
  },
];

/** An element's entry in the paste-in folder (`src/cdn/<tag>.ts`), where it has one. */
const CDN_ENTRY = /cdn\/([a-z]+-[a-z-]+)\.ts$/;

/**
 * A chunk's name: the tag for an element's entry; `<tag>-shared` for an
 * element's code that another element imports too; `base` for Lit and what
 * every element is built on; else its first module's.
 */
function chunkName(chunk: { facadeModuleId: string | null; moduleIds: string[] }): string {
  const entry = chunk.facadeModuleId ?? '';
  const tag = ELEMENT.exec(entry)?.[1] ?? CDN_ENTRY.exec(entry)?.[1];
  if (tag) return tag;
  const shared = chunk.moduleIds.map((id) => ELEMENT.exec(id)?.[1]).find(Boolean);
  if (shared) return `${shared}-shared`;
  if (chunk.moduleIds.some((id) => /node_modules[\\/]lit-element[\\/]/.test(id))) return 'base';
  return '[name]';
}

export default defineConfig({
  resolve: { conditions: ['@quotekit/source', ...defaultClientConditions] },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warn',
  plugins: [minifyCss(), preloadMap(), skeletonCss()],
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
      // Needed by a group that leaves its modules' dependencies where they are;
      // quotekit.js exports nothing, so no entry's signature is at stake.
      preserveEntrySignatures: 'allow-extension',
      output: {
        // Library mode leaves whitespace and path comments in ES output without this.
        minify: true,
        entryFileNames: '[name].js',
        codeSplitting: { groups: GROUPS },
        chunkFileNames: (chunk) => `chunks/${chunkName(chunk)}-[hash:6].js`,
      },
    },
  },
});
