/** DIR/server.pid: one WireTrace server per data folder. */
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CommandError } from '../cli/errors';
import { processAlive } from './postmaster';

/** Claims `dir` for this process; throws when a live server holds it. Returns the release function. */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, 'server.pid');
  const held = Number((await readFile(file, 'utf8').catch(() => '')).trim());
  if (Number.isInteger(held) && held > 0 && held !== process.pid && processAlive(held)) {
    throw new CommandError(`a WireTrace server (pid ${held}) is already running on ${dir}`);
  }
  await writeFile(file, `${process.pid}\n`);
  return () => rm(file, { force: true });
}
