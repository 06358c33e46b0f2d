/**
 * Content of text views (describe, YAML, logs), kept outside the UI state
 * because logs stream in: lines are appended here and listeners are told, at
 * most once per frame through the cluster model's coalescing.
 */

/** One text view's lines, or the error that replaced them. */
export interface TextContent {
  lines: string[];
  loading: boolean;
  /** Partial last line of a stream, not yet ended by a newline. */
  partial: string;
}

/** Lines per text frame id, capped so a chatty log cannot exhaust memory. */
export class TextStore {
  private readonly texts = new Map<number, TextContent>();
  private readonly aborts = new Map<number, AbortController>();

  constructor(private readonly changed: () => void, private readonly maxLines = 10_000) {}

  /** Starts an entry; returns the signal that `close` aborts. */
  open(id: number): AbortSignal {
    this.texts.set(id, { lines: [], loading: true, partial: '' });
    const ac = new AbortController();
    this.aborts.set(id, ac);
    return ac.signal;
  }

  /** Replaces the content with finished lines. */
  set(id: number, lines: string[]): void {
    if (!this.texts.has(id)) return;
    this.texts.set(id, { lines, loading: false, partial: '' });
    this.changed();
  }

  /** Appends a streamed chunk, splitting complete lines off. */
  append(id: number, chunk: string): void {
    const t = this.texts.get(id);
    if (!t) return;
    const parts = (t.partial + chunk).split('\n');
    t.partial = parts.pop()!;
    t.lines.push(...parts);
    if (t.lines.length > this.maxLines) t.lines.splice(0, t.lines.length - this.maxLines);
    t.loading = false;
    this.changed();
  }

  /** Marks a stream ended, flushing a last partial line. */
  end(id: number, note?: string): void {
    const t = this.texts.get(id);
    if (!t) return;
    if (t.partial) t.lines.push(t.partial);
    if (note) t.lines.push(note);
    t.partial = '';
    t.loading = false;
    this.changed();
  }

  /** The content of a frame (empty while unknown). */
  get(id: number): TextContent {
    return this.texts.get(id) ?? { lines: [], loading: false, partial: '' };
  }

  /** Drops a frame's content and aborts its stream. */
  close(id: number): void {
    this.aborts.get(id)?.abort();
    this.aborts.delete(id);
    this.texts.delete(id);
  }

  /** Closes everything (on exit). */
  closeAll(): void {
    for (const id of [...this.texts.keys()]) this.close(id);
  }
}
