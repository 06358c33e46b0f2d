/**
 * The header's Redis facts (address and memory), read from the apiserver's
 * read-only `/redkube/v1/info` endpoint on an interval — the UI never talks to
 * Redis itself. An apiserver without the endpoint leaves them unknown.
 */
import type { Clock } from '../../src/client/index.js';
import { IntervalPoller, type ApiRequester } from './poller.js';

/** The one verb the poller needs. */
export type InfoClient = ApiRequester;

/** What the header shows about the store. */
export interface StoreFacts {
  address: string;
  usedMemoryHuman: string;
}

/** Picks the header's facts out of an info body; undefined when the body is not one. Pure. */
export function storeFacts(body: unknown): StoreFacts | undefined {
  const store = (body as { store?: { address?: unknown; usedMemoryHuman?: unknown } } | undefined)?.store;
  if (typeof store?.address !== 'string' || typeof store.usedMemoryHuman !== 'string') return undefined;
  return { address: store.address, usedMemoryHuman: store.usedMemoryHuman };
}

/** Polls the info endpoint. Invariant: `facts` is the last good answer (undefined before the first). */
export class StoreInfoPoller extends IntervalPoller {
  facts?: StoreFacts;

  constructor(private readonly client: InfoClient, clock: Clock, private readonly changed: () => void, periodMs = 5000) {
    super(clock, periodMs);
  }

  protected async pollOnce(): Promise<void> {
    const facts = storeFacts(await this.client.request('GET', '/redkube/v1/info'));
    if (facts && (facts.address !== this.facts?.address || facts.usedMemoryHuman !== this.facts?.usedMemoryHuman)) {
      this.facts = facts;
      this.changed();
    }
  }
}
