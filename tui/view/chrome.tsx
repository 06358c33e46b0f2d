/**
 * The small pieces around the main view: breadcrumbs, the prompt / flash line,
 * the help screen and the modal dialogs.
 */
import { Box, Text } from 'ink';
import type { Skin } from '../skin.js';
import type { Binding } from '../state/keymap.js';
import { DRAIN_TIMEOUT_MS, PROPAGATIONS, type Dialog, type DrainOptions, type Frame, type Flash, type Mode, type Target } from '../state/ui-state.js';

/** `<pods> <deploy nginx> <describe x>`, the last one highlighted. */
export function Crumbs(props: { frames: Frame[]; skin: Skin }) {
  return (
    <Text wrap="truncate">
      {props.frames.map((f, i) => (
        <Text key={i} inverse={i === props.frames.length - 1} color={props.skin.chrome.crumb}>{` <${f.title}> `}</Text>
      ))}
    </Text>
  );
}

/** The bottom line: the prompt while typing, else the flash. */
export function BottomLine(props: { mode: Mode; buffer: string; suggestion?: string; flash?: Flash; readonly: boolean; skin: Skin }) {
  const { mode, buffer, suggestion, flash, skin } = props;
  if (mode === 'command' || mode === 'filter') {
    const rest = suggestion && suggestion.startsWith(buffer) ? suggestion.slice(buffer.length) : '';
    return (
      <Text wrap="truncate">
        <Text color={skin.chrome.label}>{mode === 'command' ? ':' : '/'}</Text>
        <Text>{buffer}</Text>
        <Text color={skin.chrome.dim}>{rest}</Text>
        <Text inverse> </Text>
      </Text>
    );
  }
  const ro = props.readonly ? '[read-only] ' : '';
  if (!flash) return <Text color={skin.chrome.dim} wrap="truncate">{`${ro}? help  : command  / filter`}</Text>;
  return <Text color={skin.chrome[flash.level]} wrap="truncate">{`${ro}${flash.text}`}</Text>;
}

/** One help entry: the keys that run an action, and what it does. */
export interface HelpEntry {
  keys: string;
  help: string;
}

/** Actions whose many keys read better as one range (`<0-9>`, `<1-6>`). */
const RANGES: Partial<Record<string, string>> = { namespace: 'Namespace (0 = all, 1-9 favourites)', logWindow: 'Only the last 1m/5m/15m/30m/1h/24h' };

/** Folds bindings into help entries: keys of one action joined (`<j>/<down>`), digit runs as ranges. Pure. */
export function helpEntries(bindings: readonly Binding[]): HelpEntry[] {
  const name = (k: string): string => (k === ' ' ? 'space' : k);
  const groups = new Map<string, { keys: string[]; help: string }>();
  for (const b of bindings) {
    const id = RANGES[b.action] ? b.action : `${b.action}|${b.help}`;
    const g = groups.get(id) ?? { keys: [], help: RANGES[b.action] ?? b.help };
    if (!g.keys.includes(b.key)) g.keys.push(b.key);
    groups.set(id, g);
  }
  return [...groups.values()].map((g) => {
    const digits = g.keys.length > 2 && g.keys.every((k) => /^\d$/.test(k));
    const keys = digits ? `<${g.keys[0]}-${g.keys[g.keys.length - 1]}>` : g.keys.map((k) => `<${name(k)}>`).join('/');
    return { keys, help: g.help };
  });
}

/** Every key of the current view, laid out in as many columns as the screen needs so it fits one page. */
export function Help(props: { bindings: Binding[]; skin: Skin; width: number; height: number }) {
  const entries = helpEntries(props.bindings);
  const keyWidth = Math.max(...entries.map((e) => e.keys.length), 4) + 2;
  const cellWidth = Math.max(...entries.map((e) => e.keys.length + e.help.length), 10) + 4;
  const rows = Math.max(1, props.height - 1);
  const cols = Math.max(1, Math.min(Math.ceil(entries.length / rows), Math.floor(props.width / cellWidth)));
  const perCol = Math.ceil(entries.length / cols);
  const lines = Array.from({ length: perCol }, (_, r) => Array.from({ length: cols }, (_, c) => entries[c * perCol + r]).filter((e): e is HelpEntry => !!e));
  const width = Math.floor(props.width / cols);
  return (
    <Box flexDirection="column">
      <Text bold color={props.skin.chrome.title}> Help (any key closes) </Text>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate">
          {line.map((e) => (
            <Text key={e.keys}>
              <Text color={props.skin.chrome.label}>{e.keys.padEnd(keyWidth)}</Text>
              <Text>{e.help.slice(0, Math.max(0, width - keyWidth - 1)).padEnd(width - keyWidth)}</Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}

/** The rollback picker: `kubectl rollout history` as a list, then a confirmation. */
function RollbackView(props: { dialog: Extract<Dialog, { kind: 'rollback' }>; skin: Skin }) {
  const { dialog: d, skin } = props;
  const what = `${d.target.resource}/${d.target.name}`;
  const rows = d.revisions;
  const chosen = rows?.[d.cursor];
  return (
    <Box borderStyle="round" borderColor={skin.chrome.warn} flexDirection="column" paddingX={1}>
      <Text bold>{`Rollback ${what}: pick a revision`}</Text>
      {!rows ? <Text color={skin.chrome.dim}>loading revisions...</Text> : null}
      {rows ? <Text color={skin.chrome.label}>{`  ${'REVISION'.padEnd(9)}${'CHANGE-CAUSE'.padEnd(28)}IMAGES`}</Text> : null}
      {rows?.map((r, i) => (
        <Text key={r.revision} wrap="truncate" inverse={i === d.cursor}>
          {`${i === d.cursor ? '>' : ' '} ${String(r.revision).padEnd(9)}${r.changeCause.slice(0, 27).padEnd(28)}${r.images}${r.current ? '  (current)' : ''}`}
        </Text>
      ))}
      {d.confirm && chosen
        ? <Text color={skin.chrome.warn}>{`Roll back ${what} to revision ${chosen.revision}? enter/y confirms, n picks again, esc cancels`}</Text>
        : <Text color={skin.chrome.dim}>j/k choose, enter picks, esc cancels</Text>}
    </Box>
  );
}

/** `resource/name` for one target, `N resource` for several. */
function what(targets: readonly Target[]): string {
  return targets.length === 1 ? `${targets[0]!.resource}/${targets[0]!.name}` : `${targets.length} ${targets[0]!.resource}`;
}

/** Rows of the drain dialog: its key, the option, and the kubectl flag it stands for. */
const DRAIN_ROWS: { key: string; option: keyof DrainOptions; label: string }[] = [
  { key: 'd', option: 'ignoreDaemonSets', label: 'Ignore DaemonSets (--ignore-daemonsets)' },
  { key: 'e', option: 'deleteEmptyDirData', label: 'Delete emptyDir data (--delete-emptydir-data)' },
  { key: 'f', option: 'force', label: 'Force: also pods no controller manages (--force)' },
];

/** The drain confirmation, k9s-style: the options of `kubectl drain` as checkboxes. */
function DrainView(props: { dialog: Extract<Dialog, { kind: 'drain' }>; skin: Skin }) {
  const { dialog: d, skin } = props;
  return (
    <Box borderStyle="round" borderColor={skin.chrome.warn} flexDirection="column" paddingX={1}>
      <Text bold>{`Drain ${what(d.targets)}? (cordon, then evict its pods)`}</Text>
      {DRAIN_ROWS.map((r) => <Text key={r.key}>{`[${d.options[r.option] ? 'x' : ' '}] ${r.key}  ${r.label}`}</Text>)}
      <Text>{`Gives up after ${DRAIN_TIMEOUT_MS / 1000}s (the node stays cordoned)`}</Text>
      <Text color={skin.chrome.dim}>d/e/f toggle, enter/y drains, esc/n cancels</Text>
    </Box>
  );
}

/** The delete and drain confirmations, the restart question, the scale prompt or the rollback picker. */
export function DialogView(props: { dialog: Dialog; skin: Skin }) {
  const d = props.dialog;
  if (d.kind === 'rollback') return <RollbackView dialog={d} skin={props.skin} />;
  if (d.kind === 'drain') return <DrainView dialog={d} skin={props.skin} />;
  if (d.kind === 'restart') {
    return (
      <Box borderStyle="round" borderColor={props.skin.chrome.warn} flexDirection="column" paddingX={1}>
        <Text>{`Restart ${what(d.targets)}? (rolling restart of its pods)`}</Text>
        <Text color={props.skin.chrome.dim}>enter/y restarts, esc/n cancels</Text>
      </Box>
    );
  }
  if (d.kind === 'container') {
    return (
      <Box borderStyle="round" borderColor={props.skin.chrome.info} flexDirection="column" paddingX={1}>
        <Text bold>{`${d.purpose === 'logs' ? 'Logs of' : 'Shell into'} which container of ${d.target.name}?`}</Text>
        {d.containers.map((c, i) => <Text key={c} inverse={i === d.cursor}>{`${i === d.cursor ? '>' : ' '} ${c}`}</Text>)}
        <Text color={props.skin.chrome.dim}>j/k choose, enter opens, esc cancels</Text>
      </Box>
    );
  }
  if (d.kind === 'scale') {
    return (
      <Box borderStyle="round" borderColor={props.skin.chrome.warn} flexDirection="column" paddingX={1}>
        <Text>{`Scale ${d.target.resource}/${d.target.name} (now ${d.current}) to: ${d.value}`}<Text inverse> </Text></Text>
        <Text color={props.skin.chrome.dim}>digits, enter to apply, esc to cancel</Text>
      </Box>
    );
  }
  return (
    <Box borderStyle="round" borderColor={props.skin.chrome.error} flexDirection="column" paddingX={1}>
      <Text>{`Delete ${what(d.targets)}?`}</Text>
      <Text>
        {'Propagation: '}
        {PROPAGATIONS.map((p, i) => <Text key={p} inverse={i === d.propagation}>{` ${p} `}</Text>)}
      </Text>
      <Text>{`Force (grace period 0): ${d.force ? 'yes' : 'no'}`}</Text>
      <Text color={props.skin.chrome.dim}>tab switches propagation, f toggles force, enter deletes, esc cancels</Text>
    </Box>
  );
}
