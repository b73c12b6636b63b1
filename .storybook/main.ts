// Storybook for @quotekit/elements: the stories in stories/, built with Vite
// from the packages' TypeScript sources, the network answered by the Order
// API's own Mock Service Worker handlers.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { StorybookConfig } from '@storybook/web-components-vite';
import { defaultClientConditions, type Plugin } from 'vite';

const MSW_WORKER = createRequire(import.meta.url).resolve('msw/mockServiceWorker.js');

/** Serves (dev) and emits (build) msw's worker at the root, from the installed package. */
function mswWorker(): Plugin {
  return {
    name: 'quotekit:msw-worker',
    configureServer(server) {
      server.middlewares.use('/mockServiceWorker.js', (_request, response) => {
        response.setHeader('Content-Type', 'application/javascript');
        response.end(readFileSync(MSW_WORKER));
      });
    },
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'mockServiceWorker.js',
        source: readFileSync(MSW_WORKER),
      });
    },
  };
}

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    const { mergeConfig } = await import('vite');
    return mergeConfig(config, {
      resolve: { conditions: ['@quotekit/source', ...defaultClientConditions] },
      plugins: [mswWorker()],
    });
  },
};

export default config;
