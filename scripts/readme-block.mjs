// The tables the measuring commands write into READMEs (`--write`): each
// between its `<!-- name:start -->` and `<!-- name:end -->` markers, and the
// file formatted as prettier would, so it stays as `npm run format` leaves it.
import { readFile, writeFile } from 'node:fs/promises';
import { format, resolveConfig } from 'prettier';

/**
 * Replaces what stands between `<!-- ${name}:start -->` and
 * `<!-- ${name}:end -->` in `file` with `text`; throws when the file lacks
 * either marker.
 */
export async function writeReadmeBlock(file, name, text) {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const readme = await readFile(file, 'utf8');
  const from = readme.indexOf(start);
  const to = readme.indexOf(end, from);
  if (from === -1 || to === -1) throw new Error(`${file} has no ${start} … ${end} markers.`);
  const next = `${readme.slice(0, from)}${start}\n\n${text}\n\n${readme.slice(to)}`;
  const options = (await resolveConfig(file)) ?? {};
  await writeFile(file, await format(next, { ...options, filepath: file }));
}
