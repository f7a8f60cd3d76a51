/**
 * The worker thread's script (dist/extractionWorker.js): extracts topics, hardware and claims for the chunks of a build
 * it is sent (`ExtractAside.share`), each one it can claim before the build's own thread does.
 */
import { parentPort } from 'node:worker_threads';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Knowledge } from './core/extract';
import { Claim } from './core/sharedExtraction';
import type { ExtractionReply, ExtractionRequest } from './extractAside';

/** The open builds: their claims and knowledge. */
const shares = new Map<number, { claims: Int32Array; knowledge: Knowledge }>();

parentPort?.on('message', (request: ExtractionRequest) => {
  if (request.kind === 'open') {
    // The shipped knowledge is not sent: this thread has its own, compiled once (here, so the first chunk does not wait).
    const knowledge: Knowledge = { ...(request.catalog ? { catalog: request.catalog } : {}), taxonomy: request.taxonomy ?? DEFAULT_KNOWLEDGE.taxonomy };
    enrichmentOf('', '', knowledge);
    shares.set(request.share, { claims: request.claims, knowledge });
    return;
  }
  if (request.kind === 'end') return void shares.delete(request.share);
  const share = shares.get(request.share);
  // A build this worker never opened (it started after the build did): its thread claims the chunk itself.
  if (!share) return;
  let reply: ExtractionReply;
  if (Atomics.compareExchange(share.claims, request.n, Claim.open, Claim.worker) !== Claim.open) reply = { share: request.share, n: request.n, taken: true };
  else
    try {
      reply = { share: request.share, n: request.n, enrichments: request.pairs.map((p) => enrichmentOf(p.title, p.abstract, share.knowledge)) };
    } catch (e) {
      reply = { share: request.share, n: request.n, error: e instanceof Error ? e.message : String(e) };
    }
  parentPort?.postMessage(reply);
});
