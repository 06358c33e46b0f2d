/**
 * The kubectl-like commands of `rk`, in the order `rk --help` lists them (basic,
 * deploy, cluster management, settings, other — kubectl's grouping). Each module
 * holds only its flags; the work is imported when the command runs.
 */
import type { CommandModule } from 'yargs';
import { getCommand } from './commands/get.js';
import { describeCommand } from './commands/describe.js';
import { createCommand } from './commands/create.js';
import { applyCommand } from './commands/apply.js';
import { deleteCommand } from './commands/delete.js';
import { patchCommand } from './commands/patch.js';
import { labelCommand } from './commands/label.js';
import { annotateCommand } from './commands/annotate.js';
import { scaleCommand } from './commands/scale.js';
import { setCommand } from './commands/set.js';
import { rolloutCommand } from './commands/rollout.js';
import { explainCommand } from './commands/explain.js';
import { eventsCommand } from './commands/events.js';
import { runCommandModule } from './commands/run.js';
import { autoscaleCommand } from './commands/autoscale.js';
import { diffCommand } from './commands/diff.js';
import { editCommand } from './commands/edit.js';
import { logsCommand } from './commands/logs.js';
import { topCommand } from './commands/top.js';
import { execCommand } from './commands/exec.js';
import { completeCommand, completionCommand } from './commands/completion.js';
import { cordonNodeCommand, drainCommand, taintCommand, uncordonCommand } from './commands/nodes.js';
import { configCommand } from './commands/config.js';
import { clusterInfoCommand } from './commands/cluster-info.js';
import { apiResourcesCommand } from './commands/api-resources.js';

/** Every client command, registered by main.ts in one call. */
export const clientCommands = [
  getCommand, describeCommand, createCommand, runCommandModule, editCommand, diffCommand, applyCommand, deleteCommand, patchCommand, labelCommand, annotateCommand,
  explainCommand, logsCommand, execCommand, topCommand, eventsCommand, scaleCommand, autoscaleCommand, setCommand, rolloutCommand, cordonNodeCommand, uncordonCommand, drainCommand, taintCommand, clusterInfoCommand, apiResourcesCommand, configCommand, completionCommand, completeCommand,
] as unknown as CommandModule[];
