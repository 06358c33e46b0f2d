#!/usr/bin/env node
/**
 * `rk`: the one redkube binary. Each sub-command lives in its own module and is
 * imported only when run, so `rk --help` stays fast.
 */
import yargs, { type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { upCommand } from './commands/up.js';
import { apiserverCommand } from './commands/apiserver.js';
import { componentCommands } from './commands/components.js';
import { versionCommand } from './commands/version.js';
import { uiCommand } from './commands/ui.js';
import { clientCommands } from './client-commands.js';

await yargs(hideBin(process.argv))
  .scriptName('rk')
  .usage('rk: a small Kubernetes-compatible orchestrator\n\nUsage: rk <command> [options]')
  .command(upCommand)
  .command(apiserverCommand)
  .command(componentCommands as CommandModule[])
  .command(versionCommand)
  .command(uiCommand)
  .command(clientCommands)
  .demandCommand(1, 'Name a command; `rk --help` lists them.')
  .strict()
  .version(false)
  .help()
  .alias('h', 'help')
  .wrap(Math.min(110, process.stdout.columns || 100))
  .parseAsync();
