/**
 * `rk version`: the client's version and the server's `/version`, in kubectl's
 * layout (`Client Version: ...`, `Server Version: ...`) or as JSON/YAML with
 * `clientVersion`/`serverVersion`. An unreachable server is an error (exit 1)
 * after the client version has been printed, as with kubectl.
 */
import type { Argv, CommandModule } from 'yargs';
import { REDKUBE_VERSION } from '../../version.js';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';

interface VersionArgs extends ConnArgs { client?: boolean; output?: string }

/** The client's version info, shaped like the server's `/version`. */
export function clientVersionInfo(): Record<string, string> {
  const [major, minor] = REDKUBE_VERSION.split('.');
  return { major, minor, gitVersion: `v${REDKUBE_VERSION}`, goVersion: `node${process.versions.node}`, platform: `${process.platform}/${process.arch}` };
}

/** The `rk version` command. */
export const versionCommand: CommandModule<object, VersionArgs> = {
  command: 'version',
  describe: 'Print the client and server version information',
  builder: (y) => withConn(y)
    .option('client', { type: 'boolean', describe: 'Client version only (no server required)' })
    .option('output', { alias: 'o', type: 'string', choices: ['json', 'yaml'], describe: 'Print as json or yaml' })
    .example('$0 version', 'Client and server versions')
    .example('$0 version --client -o json', 'The client version as JSON') as Argv<VersionArgs>,
  handler: runCommand(async (args: VersionArgs) => {
    const info: Record<string, unknown> = { clientVersion: clientVersionInfo() };
    let failure: unknown;
    if (!args.client) {
      try {
        const { client } = await connect(args);
        info.serverVersion = await client.request('GET', '/version');
      } catch (err) {
        failure = err;
      }
    }
    if (args.output) {
      const { toJson, toYaml } = await import('../printers/objects.js');
      process.stdout.write(args.output === 'json' ? toJson(info) : toYaml(info));
    } else {
      process.stdout.write(`Client Version: ${(info.clientVersion as Record<string, string>).gitVersion}\n`);
      if (info.serverVersion) process.stdout.write(`Server Version: ${(info.serverVersion as Record<string, string>).gitVersion}\n`);
    }
    if (failure) throw failure instanceof Error ? failure : new CliError(String(failure));
  }),
};
