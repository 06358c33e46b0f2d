/** `rk annotate`: set (`k=v`) or remove (`k-`) annotations; changing a value needs `--overwrite`. */
import { metadataCommand } from '../label-command.js';

/** The `rk annotate` command. */
export const annotateCommand = metadataCommand('annotations', [
  ['$0 annotate deploy web owner=team-a', 'Add an annotation'],
  ['$0 annotate deploy web owner=team-b --overwrite', 'Change it'],
  ['$0 annotate deploy web owner-', 'Remove it'],
]);
