/**
 * How `rk` reports failures: the kubectl wording (`Error from server (NotFound):
 * pods "x" not found`, `error: ...`) on stderr, and a non-zero exit code. Commands
 * throw or collect errors; only `runCommand` prints them and sets the exit code.
 */

/** A usage or client-side failure, printed as `error: <message>`. */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

interface ServerErrorLike { reason?: string; code?: number; message: string; status?: { reason?: string } }

function isServerError(err: unknown): err is ServerErrorLike {
  return err instanceof Error && err.name === 'StatusError';
}

/**
 * The line kubectl prints for an error: server answers keep their reason as the
 * server sent it (`Error from server (NotFound): ...`); anything else is `error: ...`.
 */
export function errorLine(err: unknown): string {
  if (isServerError(err)) {
    const reason = err.status?.reason || err.reason;
    return reason ? `Error from server (${reason}): ${err.message}` : `Error from server: ${err.message}`;
  }
  if (err instanceof Error && err.name === 'ConnectionError') {
    return `The connection to the server was refused or failed: ${err.message}`;
  }
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** Prints an error kubectl's way and marks the process as failed (exit 1) without ending it. */
export function reportError(err: unknown): void {
  process.stderr.write(`${errorLine(err)}\n`);
  process.exitCode = 1;
}

/**
 * Wraps a command handler: any error it throws is printed once, kubectl style, and
 * the process exits 1. Every `rk` client command's handler goes through it.
 */
export function runCommand<A>(fn: (args: A) => Promise<void>): (args: A) => Promise<void> {
  return async (args: A) => {
    try {
      await fn(args);
    } catch (err) {
      reportError(err);
    } finally {
      const { closeConnections } = await import('./connection.js');
      closeConnections();
    }
  };
}
