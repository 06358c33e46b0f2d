/**
 * What the snapshot interns to integers for the kernel: label keys become
 * columns (only keys some pod asks about and some node has), label values become
 * dense ids (with their integer value for Gt/Lt), images become columns (only
 * images some pod runs and some node holds). Each table also counts how many
 * nodes hold each key or image, so a column is made only when it can matter.
 */
import type { NodeInfo } from '../model/node-info.js';

/** Pseudo label key carrying the node name, for matchFields on metadata.name. */
export const NAME_KEY = '\0metadata.name';

/** A node's value of a label key (the pseudo key gives its name). */
export function labelOf(info: NodeInfo, key: string): string | undefined {
  return key === NAME_KEY ? info.name : info.labels[key];
}

const INTEGER = /^[+-]?\d+$/;

/** Label keys as columns and label values as ids. */
export class LabelTable {
  readonly columns: string[] = [];
  /** Integer value of each value id (NaN when not an integer). */
  valueNums: number[] = [];
  private valueStrings: string[] = [];
  private readonly columnIndex = new Map<string, number>();
  private readonly keyNodes = new Map<string, number>();
  private readonly valueIds = new Map<string, number>();

  /** Forgets every value id and node count (columns stay). */
  reset(): void {
    this.valueIds.clear();
    this.valueNums = [];
    this.valueStrings = [];
    this.keyNodes.clear();
  }

  /** Adds (+1) or removes (-1) a node's keys from the counts. */
  count(info: NodeInfo | undefined, delta: number): void {
    if (!info) return;
    for (const key of Object.keys(info.labels)) this.keyNodes.set(key, (this.keyNodes.get(key) ?? 0) + delta);
    this.keyNodes.set(NAME_KEY, (this.keyNodes.get(NAME_KEY) ?? 0) + delta);
  }

  /** The column of a key, if it has one. */
  columnOf(key: string): number | undefined {
    return this.columnIndex.get(key);
  }

  /** Creates the column of a key some node has; -1 when no node has it. */
  create(key: string): number {
    if (!this.keyNodes.get(key)) return -1;
    const id = this.columns.length;
    this.columns.push(key);
    this.columnIndex.set(key, id);
    return id;
  }

  /** The id of a node's label value, interned. */
  valueId(key: string, value: string): number {
    const k = `${key}\0${value}`;
    let id = this.valueIds.get(k);
    if (id === undefined) {
      id = this.valueNums.length;
      this.valueIds.set(k, id);
      this.valueNums.push(INTEGER.test(value) ? Number(value) : NaN);
      this.valueStrings.push(value);
    }
    return id;
  }

  /** The id of a value some node has, without interning. */
  knownValue(key: string, value: string): number | undefined {
    return this.valueIds.get(`${key}\0${value}`);
  }

  /** The label value of an id. */
  valueName(id: number): string | undefined {
    return this.valueStrings[id];
  }
}

/** Images as columns, with the number of nodes holding each. */
export class ImageTable {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  private readonly nodes = new Map<string, number>();

  reset(): void {
    this.nodes.clear();
  }

  count(info: NodeInfo | undefined, delta: number): void {
    if (!info) return;
    for (const img of info.images.keys()) this.nodes.set(img, (this.nodes.get(img) ?? 0) + delta);
  }

  /** Nodes holding an image. */
  holders(name: string): number {
    return this.nodes.get(name) ?? 0;
  }

  columnOf(name: string): number | undefined {
    return this.index.get(name);
  }

  /** Creates the column of an image some node holds; -1 when none does. */
  create(name: string): number {
    if (!this.nodes.get(name)) return -1;
    const id = this.columns.length;
    this.columns.push(name);
    this.index.set(name, id);
    return id;
  }
}
