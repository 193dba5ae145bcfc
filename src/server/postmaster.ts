/** A PostgreSQL cluster's `postmaster.pid`: is a server running on this data folder, on which port. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface Postmaster {
  pid: number;
  port: number;
}

/** True when a process with this pid exists (ours or another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The running postmaster of the cluster in `pgDir`, or null (no pid file, or a stale one). */
export async function postmasterOf(pgDir: string): Promise<Postmaster | null> {
  let text: string;
  try {
    text = await readFile(path.join(pgDir, 'postmaster.pid'), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  // Line 1: pid; line 4: port (see PostgreSQL's miscadmin.h, LOCK_FILE_LINE_*).
  const lines = text.split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port)) return null;
  return processAlive(pid) ? { pid, port } : null;
}

/** Fast shutdown (SIGINT, as `pg_ctl stop -m fast`), waiting until the postmaster is gone. */
export async function stopPostmaster(pid: number, timeoutMs = 60_000): Promise<void> {
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`PostgreSQL (pid ${pid}) did not stop within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
