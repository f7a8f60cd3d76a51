/**
 * Extraction on a worker thread, beside the extension host's (or the CLI's) own: the `ExtractionShare` of large builds
 * (`ReadOptions.shareExtraction`). One worker, started on first use (or by `warm`), ended after a while idle; if it
 * cannot start or fails, the build does the work itself, so a missing worker costs time, never papers.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Enrichment } from './core/extract';
import { Claim, type ExtractionShare, type TitleAndAbstract } from './core/sharedExtraction';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/vocabulary';

/**
 * What the worker is sent: a build's start (its claims and knowledge: the catalog and taxonomy when not the shipped
 * ones), a chunk of it to extract, or a build's end. `warm` opens and ends an empty build.
 */
export type ExtractionRequest =
  | { kind: 'open'; share: number; claims: Int32Array; catalog: Knowledge['catalog'] | null; taxonomy: Knowledge['taxonomy'] | null }
  | { kind: 'chunk'; share: number; n: number; pairs: readonly TitleAndAbstract[] }
  | { kind: 'end'; share: number };
/** A chunk's enrichments, or `taken` when the build's thread claimed it first, or why the worker could not extract it. */
export type ExtractionReply = { share: number; n: number } & ({ enrichments: Enrichment[] } | { taken: true } | { error: string });

/** Chunks a build may share (4 bytes each): 2,000,000 papers at 250 a chunk; later chunks stay with the build's thread. */
const MAX_CHUNKS = 8192;
/** An idle worker ends after this long; the next large build starts another. */
const IDLE_MS = 30_000;

interface Answer {
  promise: Promise<Enrichment[]>;
  resolve: (enrichments: Enrichment[]) => void;
  reject: (e: Error) => void;
}

export class ExtractAside {
  private worker: Worker | undefined;
  private nextShare = 1;
  /** The answers each open build waits for, by chunk. */
  private readonly answers = new Map<number, Map<number, Answer>>();
  private idle: NodeJS.Timeout | undefined;
  private missingSaid = false;

  /** `script` is dist/extractionWorker.js; `log` hears why the worker failed. */
  constructor(
    private readonly script: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts the worker ahead of a build, so it has loaded and compiled its rules when the papers arrive. */
  warm(): void {
    this.share(DEFAULT_KNOWLEDGE)?.end();
  }

  /** A build's share of its extraction with the worker, or undefined when the worker cannot start. */
  share(knowledge: Knowledge): ExtractionShare | undefined {
    const worker = this.start();
    if (!worker) return undefined;
    const id = this.nextShare++;
    const claims = new Int32Array(new SharedArrayBuffer(MAX_CHUNKS * 4));
    const answers = new Map<number, Answer>();
    this.answers.set(id, answers);
    this.busy();
    this.post({
      kind: 'open',
      share: id,
      claims,
      catalog: knowledge.catalog ?? null,
      taxonomy: knowledge.taxonomy === DEFAULT_KNOWLEDGE.taxonomy ? null : knowledge.taxonomy,
    });
    let sent = 0;
    return {
      send: (pairs) => {
        const n = sent++;
        if (n >= MAX_CHUNKS) return;
        answers.set(n, deferred());
        this.post({ kind: 'chunk', share: id, n, pairs });
      },
      claim: (n) => n >= MAX_CHUNKS || Atomics.compareExchange(claims, n, Claim.open, Claim.build) === Claim.open,
      result: (n) => answers.get(n)?.promise ?? Promise.reject(new Error(`chunk ${n} was not sent to the worker`)),
      end: () => {
        this.post({ kind: 'end', share: id });
        this.answers.delete(id);
        this.idleWhenNoBuild();
      },
    };
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.stop(new Error('the extraction worker was stopped'));
  }

  private post(request: ExtractionRequest): void {
    this.worker?.postMessage(request);
  }

  /** Held while a build shares with it: a CLI must not exit while a build waits for its answers. */
  private busy(): void {
    clearTimeout(this.idle);
    this.worker?.ref();
  }

  /** Once no build shares with it: let go of the worker, and end it after a while idle. */
  private idleWhenNoBuild(): void {
    if (this.answers.size) return;
    this.worker?.unref();
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(new Error('the extraction worker was idle')), IDLE_MS);
    this.idle.unref();
  }

  private start(): Worker | undefined {
    if (this.worker) return this.worker;
    if (!existsSync(this.script)) {
      if (!this.missingSaid) this.log(`extraction worker not found at ${this.script}; extracting on the main thread`);
      this.missingSaid = true;
      return undefined;
    }
    try {
      const worker = new Worker(this.script);
      worker.unref();
      worker.on('message', (reply: ExtractionReply) => this.settle(reply));
      worker.on('error', (e) => {
        this.log(`extraction worker failed: ${e.message}; extracting on the main thread`);
        this.stop(e);
      });
      worker.on('exit', () => {
        if (this.worker === worker) this.stop(new Error('the extraction worker exited'));
      });
      this.worker = worker;
      return worker;
    } catch (e) {
      this.log(`extraction worker did not start: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  private settle(reply: ExtractionReply): void {
    const answer = this.answers.get(reply.share)?.get(reply.n);
    if (!answer) return;
    if ('enrichments' in reply) answer.resolve(reply.enrichments);
    else if ('error' in reply) answer.reject(new Error(reply.error));
    else answer.reject(new Error(`chunk ${reply.n} was taken by the build`));
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const answers of this.answers.values()) for (const answer of answers.values()) answer.reject(reason);
    this.answers.clear();
    void worker?.terminate();
  }
}

function deferred(): Answer {
  let resolve!: Answer['resolve'];
  let reject!: Answer['reject'];
  const promise = new Promise<Enrichment[]>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Answers for chunks the build took itself are never awaited: their rejection is not an unhandled one.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}
