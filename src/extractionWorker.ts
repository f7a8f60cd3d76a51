/** The worker thread's script (dist/extractionWorker.js): extracts topics, hardware and claims for the papers it is sent. */
import { parentPort } from 'node:worker_threads';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Knowledge } from './core/extract';
import type { ExtractionReply, ExtractionRequest } from './extractAside';

parentPort?.on('message', (request: ExtractionRequest) => {
  let reply: ExtractionReply;
  try {
    // The shipped knowledge is not sent: this thread has its own, compiled once.
    const knowledge: Knowledge = { ...(request.catalog ? { catalog: request.catalog } : {}), taxonomy: request.taxonomy ?? DEFAULT_KNOWLEDGE.taxonomy };
    reply = { id: request.id, enrichments: request.papers.map((p) => enrichmentOf(p.title, p.abstract, knowledge)) };
  } catch (e) {
    reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
