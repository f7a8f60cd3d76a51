/**
 * A build's extraction shared with a worker thread: the titles and abstracts go to the worker in chunks as they are read,
 * so it extracts while this thread reads on and merges; then this thread takes the chunks the worker has not reached yet,
 * from the last one back. A chunk is extracted by whichever thread claims it first, never by both.
 */
import { ByTitleAndAbstract, enrichmentOf, type Enrichment, type Knowledge } from './extract';
import { awaitSteps, type Steps } from './steps';

export interface TitleAndAbstract {
  title: string;
  abstract: string;
}

/** The worker's side of one build (`ExtractAside.share` implements it with a worker and shared memory). */
export interface ExtractionShare {
  /** Hands the next chunk (numbered from 0 in the order sent) to the worker, which extracts it unless this thread claimed it first. */
  send(pairs: readonly TitleAndAbstract[]): void;
  /** Claims chunk `n` for this thread: false when the worker has taken it. */
  claim(n: number): boolean;
  /** The worker's enrichments of chunk `n`, one it took, in order; rejects when the worker failed. */
  result(n: number): Promise<Enrichment[]>;
  /** Says the build no longer needs the worker's answers. */
  end(): void;
}

/** Who holds a chunk, in a build's shared claims (an `Int32Array` on a `SharedArrayBuffer`, one slot a chunk, see `ExtractAside`). */
export const Claim = { open: 0, worker: 1, build: 2 } as const;

/** Pairs in a chunk: small enough that the worker starts early and the two threads meet closely, large enough that messages cost little. */
export const CHUNK_PAIRS = 250;
/** Inputs smaller than this (about 2,000 papers) keep their extraction here: a worker's start and the copying cost more than they save. */
export const SHARE_MIN_BYTES = 2_000_000;

export class SharedExtraction {
  /** Enrichments by title and abstract: the build takes a paper's from here before extracting it. */
  readonly known = new ByTitleAndAbstract<Enrichment>();
  private readonly queued = new ByTitleAndAbstract<true>();
  private readonly chunks: TitleAndAbstract[][] = [];
  private pending: TitleAndAbstract[] = [];
  private share: ExtractionShare | undefined;
  private opened = false;
  /** How many chunks the worker was sent: the first ones, in order. */
  private sent = 0;

  /** `open` starts the worker's side with the first chunk; it gives undefined when no worker is at hand. */
  constructor(
    private readonly knowledge: Knowledge,
    private readonly open: (knowledge: Knowledge) => ExtractionShare | undefined,
  ) {}

  /** A build's sharing when its input is large enough (`inputSize` of its files, at least `SHARE_MIN_BYTES`) and a worker may be at hand. */
  static forInput(size: number, knowledge: Knowledge, open: ((knowledge: Knowledge) => ExtractionShare | undefined) | undefined): SharedExtraction | undefined {
    return open && size >= SHARE_MIN_BYTES ? new SharedExtraction(knowledge, open) : undefined;
  }

  /** Queues the (title, abstract) pairs of sightings just read; a pair already queued is not sent again. */
  add(entries: readonly TitleAndAbstract[]): void {
    for (const e of entries) {
      if (this.queued.get(e)) continue;
      this.queued.set(e, true);
      // Only the two strings travel: a whole sighting would cost far more to copy.
      this.pending.push({ title: e.title, abstract: e.abstract });
      if (this.pending.length === CHUNK_PAIRS) this.cut();
    }
  }

  private cut(): void {
    const chunk = this.pending;
    this.pending = [];
    this.chunks.push(chunk);
    if (!this.opened) {
      this.opened = true;
      this.share = this.open(this.knowledge);
    }
    for (; this.share && this.sent < this.chunks.length; this.sent++) this.share.send(this.chunks[this.sent]);
  }

  /**
   * Once everything is read and merged: extracts here the chunks the worker has not reached, from the last back, then
   * takes the worker's answers for the rest (extracting here any chunk whose answer failed). Without a worker, nothing:
   * the build extracts its papers itself.
   */
  *finishSteps(): Steps<void> {
    const share = this.share;
    if (!share) return;
    if (this.pending.length) this.chunks.push(this.pending);
    this.pending = [];
    let n = this.chunks.length - 1;
    for (; n >= 0; n--) {
      // A last chunk short of full was never sent; the worker stops where this thread began.
      if (n >= this.sent || share.claim(n)) yield* this.extractHere(this.chunks[n]);
      else break;
    }
    for (let k = 0; k <= n; k++) {
      let enrichments: Enrichment[] | null;
      try {
        enrichments = yield* awaitSteps(share.result(k));
      } catch {
        enrichments = null;
      }
      const chunk = this.chunks[k];
      if (enrichments?.length !== chunk.length) yield* this.extractHere(chunk);
      else for (let i = 0; i < chunk.length; i++) this.known.set(chunk[i], enrichments[i]);
    }
    share.end();
  }

  private *extractHere(chunk: readonly TitleAndAbstract[]): Steps<void> {
    yield;
    for (const p of chunk) this.known.set(p, enrichmentOf(p.title, p.abstract, this.knowledge));
  }
}
