/**
 * `rk version`: the client's version, and the server's when one is reachable.
 */
import type { CommandModule } from 'yargs';
import { REDKUBE_VERSION } from '../../version.js';

/** The `rk version` command. */
export const versionCommand: CommandModule = {
  command: 'version',
  describe: 'Print the client version (and the server version when a cluster is reachable)',
  handler: async () => {
    console.log(`Client Version: v${REDKUBE_VERSION}`);
    try {
      const { clientFromKubeconfig } = await import('../../client/index.js');
      const { client } = clientFromKubeconfig();
      const v = await client.request<{ gitVersion: string }>('GET', '/version');
      console.log(`Server Version: ${v.gitVersion}`);
    } catch (err) {
      console.log(`Server Version: unreachable (${(err as Error).message})`);
    }
  },
};
