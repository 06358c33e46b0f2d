/**
 * The registry of pod-counting columns the kernel keeps per node:
 * - matchers: a conjunction of pod selectors (one term, or all of a pod's required
 *   affinity terms, which kube-scheduler requires an existing pod to match together);
 *   column m counts the pods on each node that match;
 * - hold terms: an (anti-)affinity term some pod holds (matcher, topology key, kind,
 *   weight); column h counts the pods on each node holding it, so an incoming pod can
 *   honour the existing pods' terms (the symmetric half of InterPodAffinity).
 * Matching results are cached per PodInfo (a new pod version is a new PodInfo).
 */
import { holdsTerms, type AffinityTerm, type PodInfo } from '../model/pod-info.js';
import { selectorKey, selectorMatches, type PodSelector } from '../model/pod-selector.js';

/** Kinds of hold terms. */
export const HOLD_REQUIRED_ANTI = 0;
export const HOLD_REQUIRED_AFFINITY = 1;
export const HOLD_PREFERRED_AFFINITY = 2;
export const HOLD_PREFERRED_ANTI = 3;

/** An affinity term held by existing pods. */
export interface HoldTerm {
  matcher: number;
  topologyKey: string;
  kind: number;
  weight: number;
}

const UNKNOWN = 0;
const NO = 1;
const YES = 2;

/** Interned matchers and hold terms. Ids are dense and stable until `reset`. */
export class TermRegistry {
  readonly matchers: PodSelector[][] = [];
  readonly holds: HoldTerm[] = [];
  private matcherIds = new Map<string, number>();
  private holdIds = new Map<string, number>();
  private matchCache = new WeakMap<PodInfo, Uint8Array>();
  private holdCache = new WeakMap<PodInfo, number[]>();

  constructor(private readonly nsLabels: (ns: string) => Record<string, string> | undefined) {}

  /** Forgets every matcher and hold term (after a namespace relabel, or to drop unused ones). */
  reset(): void {
    this.matchers.length = 0;
    this.holds.length = 0;
    this.matcherIds.clear();
    this.holdIds.clear();
    this.matchCache = new WeakMap();
    this.holdCache = new WeakMap();
  }

  /** The id of the matcher for a conjunction of selectors, registering it when new. */
  matcher(selectors: PodSelector[]): number {
    const key = selectors.map(selectorKey).join('&');
    let id = this.matcherIds.get(key);
    if (id === undefined) {
      id = this.matchers.length;
      this.matchers.push(selectors);
      this.matcherIds.set(key, id);
    }
    return id;
  }

  /** The id of a hold term, registering it when new. */
  hold(term: AffinityTerm, kind: number, weight: number): number {
    const matcher = this.matcher([term.match]);
    const key = `${matcher}|${term.topologyKey}|${kind}|${weight}`;
    let id = this.holdIds.get(key);
    if (id === undefined) {
      id = this.holds.length;
      this.holds.push({ matcher, topologyKey: term.topologyKey, kind, weight });
      this.holdIds.set(key, id);
    }
    return id;
  }

  /** True when matcher `m` counts `pod`. */
  matches(m: number, pod: PodInfo): boolean {
    let cache = this.matchCache.get(pod);
    if (!cache || cache.length <= m) {
      const bigger = new Uint8Array(Math.max(8, this.matchers.length * 2));
      if (cache) bigger.set(cache);
      cache = bigger;
      this.matchCache.set(pod, cache);
    }
    let v = cache[m];
    if (v === UNKNOWN) {
      v = this.matchers[m].every((s) => selectorMatches(s, pod, this.nsLabels)) ? YES : NO;
      cache[m] = v;
    }
    return v === YES;
  }

  /** The hold terms `pod` holds (registered on first use). */
  holdsOf(pod: PodInfo, hardAffinityWeight: number): number[] {
    if (!holdsTerms(pod)) return [];
    let ids = this.holdCache.get(pod);
    if (!ids) {
      ids = [
        ...pod.requiredAntiAffinity.map((t) => this.hold(t, HOLD_REQUIRED_ANTI, 0)),
        ...(hardAffinityWeight > 0 ? pod.requiredAffinity.map((t) => this.hold(t, HOLD_REQUIRED_AFFINITY, hardAffinityWeight)) : []),
        ...pod.preferredAffinity.map((t) => this.hold(t, HOLD_PREFERRED_AFFINITY, t.weight)),
        ...pod.preferredAntiAffinity.map((t) => this.hold(t, HOLD_PREFERRED_ANTI, -t.weight)),
      ];
      this.holdCache.set(pod, ids);
    }
    return ids;
  }
}
