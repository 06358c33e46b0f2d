/**
 * The exec protocol's final message (channel 3), shared by the apiserver's exec
 * endpoint and the node agent's interactive exec: a Status kubectl turns into
 * its exit code. Pure.
 */

/** The Status kubectl reads from channel 3 for an exit code (pure). */
export function exitStatus(exitCode: number, argv: string[]): Record<string, unknown> {
  if (exitCode === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {}, status: 'Failure', reason: 'NonZeroExitCode',
    message: `command terminated with non-zero exit code: error executing command [${argv.join(' ')}], exit code ${exitCode}`,
    details: { causes: [{ reason: 'ExitCode', message: String(exitCode) }] },
  };
}

/** Exec channels: 0 stdin, 1 stdout, 2 stderr, 3 status, 4 resize (JSON {Width, Height}), 255 close (v5: payload 0 closes stdin). */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 } as const;
