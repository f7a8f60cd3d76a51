/**
 * Extraction on a worker thread, beside the extension host's (or the CLI's) own: `ReadOptions.enrichAside` for large
 * builds. One worker, started on first use (or by `warm`), ended after a while idle; if it cannot start or fails, the
 * build does the work itself, so a missing worker costs time, never papers.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Enrichment } from './core/extract';
import type { BibtexPart, PartRead } from './core/sources/detect';
import { DEFAULT_KNOWLEDGE, type Knowledge } from './core/vocabulary';

/** What the worker is sent: papers to extract, or a `.bib` part to read and extract; and the knowledge when it is not the shipped one. */
export interface ExtractionRequest {
  id: number;
  papers?: readonly { title: string; abstract: string }[];
  part?: BibtexPart;
  catalog: Knowledge['catalog'] | null;
  taxonomy: Knowledge['taxonomy'] | null;
}
export type ExtractionReply = { id: number; enrichments: Enrichment[] } | { id: number; read: PartRead } | { id: number; error: string };

/** An idle worker ends after this long; the next large build starts another. */
const IDLE_MS = 30_000;

export class ExtractAside {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (reply: Exclude<ExtractionReply, { error: string }>) => void; reject: (e: Error) => void }>();
  private idle: NodeJS.Timeout | undefined;
  private missingSaid = false;

  /** `script` is dist/extractionWorker.js; `log` hears why the worker failed. */
  constructor(
    private readonly script: string,
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  /** Starts the worker ahead of a build, so it has loaded and compiled its rules when the papers arrive. */
  warm(): void {
    // A one-paper job: the worker loads its code and compiles the shipped rules, then waits for the real papers.
    this.enrich([{ title: '', abstract: '' }], DEFAULT_KNOWLEDGE).catch(() => undefined);
  }

  /** The enrichments of `papers`, in order, computed on the worker. Rejects when it cannot start or fails. */
  readonly enrich = (papers: readonly { title: string; abstract: string }[], knowledge: Knowledge): Promise<Enrichment[]> =>
    this.ask({ papers }, knowledge).then((reply) =>
      'enrichments' in reply ? reply.enrichments : Promise.reject(new Error('the worker answered another question')),
    );

  /** The tail of a cut `.bib`, read and extracted on the worker (`ReadOptions.readAside`). Rejects when it cannot start or fails. */
  readonly read = (part: BibtexPart, knowledge: Knowledge): Promise<PartRead> =>
    this.ask({ part }, knowledge).then((reply) => ('read' in reply ? reply.read : Promise.reject(new Error('the worker answered another question'))));

  private ask(job: Pick<ExtractionRequest, 'papers' | 'part'>, knowledge: Knowledge): Promise<Exclude<ExtractionReply, { error: string }>> {
    const worker = this.start();
    if (!worker) return Promise.reject(new Error('the extraction worker is not available'));
    const id = this.nextId++;
    clearTimeout(this.idle);
    // Held while it works (a CLI must not exit waiting for it); let go when idle.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: ExtractionRequest = {
        id,
        ...job,
        catalog: knowledge.catalog ?? null,
        taxonomy: knowledge.taxonomy === DEFAULT_KNOWLEDGE.taxonomy ? null : knowledge.taxonomy,
      };
      worker.postMessage(request);
    });
  }

  dispose(): void {
    clearTimeout(this.idle);
    this.stop(new Error('the extraction worker was stopped'));
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
    const waiting = this.pending.get(reply.id);
    if (!waiting) return;
    this.pending.delete(reply.id);
    if ('error' in reply) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply);
    if (!this.pending.size) {
      this.worker?.unref();
      this.restartIdleTimer();
    }
  }

  private restartIdleTimer(): void {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.stop(new Error('the extraction worker was idle')), IDLE_MS);
    this.idle.unref();
  }

  private stop(reason: Error): void {
    const worker = this.worker;
    this.worker = undefined;
    for (const waiting of this.pending.values()) waiting.reject(reason);
    this.pending.clear();
    void worker?.terminate();
  }
}
