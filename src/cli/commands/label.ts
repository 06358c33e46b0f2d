/** `rk label`: set (`k=v`) or remove (`k-`) labels; changing a value needs `--overwrite`. */
import { metadataCommand } from '../label-command.js';

/** The `rk label` command. */
export const labelCommand = metadataCommand('labels', [
  ['$0 label pod web-1 tier=front', 'Add a label'],
  ['$0 label pod web-1 tier=back --overwrite', 'Change it'],
  ['$0 label pod web-1 tier-', 'Remove it'],
  ['$0 label pods -l app=web canary=true', 'Label every matching pod'],
]);
