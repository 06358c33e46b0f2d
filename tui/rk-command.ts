/**
 * The command line of this very `rk`: the node binary running the UI and the
 * CLI's compiled main.js, with the UI's connection flags. `s` runs it as
 * `rk exec -it`, so a shell needs no kubectl on the PATH.
 */
import { fileURLToPath } from 'node:url';

/** `[node, .../src/cli/main.js, --kubeconfig K, --context C]`; `--kubeconfig` only when the UI was given one. */
export function rkCommand(kubeconfig: string | undefined, context: string): string[] {
  const main = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  return [process.execPath, main, ...(kubeconfig ? ['--kubeconfig', kubeconfig] : []), '--context', context];
}
