import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import manifest from '../packages/elements/custom-elements.json';

setCustomElementsManifest(manifest);

const preview: Preview = {
  tags: ['autodocs'],
  loaders: [mswLoader()],
  parameters: {
    controls: { expanded: true },
  },
};

export default preview;
