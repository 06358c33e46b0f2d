/**
 * The header: who and where (context, server, user), versions, the Redis store
 * behind the apiserver, node and pod counts, cluster CPU/MEM requested and used
 * against allocatable, connection state, and the namespace favourites on 0-9.
 */
import { Box, Text } from 'ink';
import type { Connection } from '../model/cluster-model.js';
import type { Skin } from '../skin.js';
import { formatUsage, type Amounts } from '../model/totals.js';
import type { StoreFacts } from '../model/store-info.js';

/** Facts about the cluster gathered once at start. */
export interface ClusterInfo {
  context: string;
  server: string;
  user: string;
  redkubeVersion: string;
  /** The apiserver's `/version` gitVersion, or `unknown` when it could not be read. */
  serverVersion: string;
}

/** Live numbers the header shows. */
export interface HeaderCounts {
  nodes: number;
  pods?: number;
  /** Pod requests vs node allocatable; shown once pods are known. */
  requested?: Amounts;
  allocatable: Amounts;
  /** Sum of node usage from the metrics API; undefined without it. */
  used?: Amounts;
  /** The apiserver's Redis; undefined until the info endpoint answered. */
  store?: StoreFacts;
}

function Field(props: { label: string; value: string; skin: Skin }) {
  return (
    <Text>
      <Text color={props.skin.chrome.label}>{props.label}: </Text>
      <Text color={props.skin.chrome.header}>{props.value}  </Text>
    </Text>
  );
}

/** Four header lines. */
export function Header(props: { info: ClusterInfo; counts: HeaderCounts; connection: Connection; namespace: string; favorites: string[]; skin: Skin }) {
  const { info, counts, connection, skin } = props;
  const favs = ['all', ...props.favorites].map((n, i) => `<${i}> ${n}`).join(' ');
  const { requested, used, allocatable } = counts;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Field label="Context" value={info.context} skin={skin} />
        <Field label="Cluster" value={info.server} skin={skin} />
        <Field label="User" value={info.user} skin={skin} />
        <Field label="redkube" value={info.redkubeVersion} skin={skin} />
        <Field label="K8s" value={info.serverVersion} skin={skin} />
      </Text>
      <Text wrap="truncate">
        <Field label="Redis" value={counts.store ? `${counts.store.address} (${counts.store.usedMemoryHuman})` : 'n/a'} skin={skin} />
        <Field label="Nodes" value={String(counts.nodes)} skin={skin} />
        {counts.pods !== undefined ? <Field label="Pods" value={String(counts.pods)} skin={skin} /> : null}
        {connection.connected
          ? <Text color={skin.chrome.info}>● connected</Text>
          : <Text color={skin.chrome.error}>✗ disconnected (showing last data): {connection.error ?? ''}</Text>}
      </Text>
      <Text wrap="truncate">
        <Field label="CPU req" value={requested ? formatUsage('cpu', requested.cpu, allocatable.cpu) : 'n/a'} skin={skin} />
        <Field label="CPU used" value={used ? formatUsage('cpu', used.cpu, allocatable.cpu) : 'n/a'} skin={skin} />
        <Field label="MEM req" value={requested ? formatUsage('memory', requested.memory, allocatable.memory) : 'n/a'} skin={skin} />
        <Field label="MEM used" value={used ? formatUsage('memory', used.memory, allocatable.memory) : 'n/a'} skin={skin} />
      </Text>
      <Text wrap="truncate" color={skin.chrome.dim}>{favs}</Text>
    </Box>
  );
}
