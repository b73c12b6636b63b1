// `cem analyze` (run from this folder): custom-elements.json from the
// elements' classes and their JSDoc (@summary, @event, @csspart, @cssproperty).
export default {
  globs: ['src/components/*/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.styles.ts', 'src/**/define.ts', 'src/**/messages.ts'],
  outdir: '.',
  litelement: true,
};
