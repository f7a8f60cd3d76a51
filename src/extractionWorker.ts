/**
 * The worker thread's script (dist/extractionWorker.js): extracts topics, hardware and claims for the papers it is sent,
 * or reads the tail of a cut `.bib` and extracts its papers.
 */
import { parentPort } from 'node:worker_threads';
import { loadBibtexParser } from './core/bibtex';
import { DEFAULT_KNOWLEDGE, enrichmentOf, type Knowledge } from './core/extract';
import { fastBibtexParser } from './core/sources/bibfast';
import type { BibtexParser } from './core/sources/bibtex';
import { readPart } from './core/sources/bibsplit';
import type { ExtractionReply, ExtractionRequest } from './extractAside';

/** The `.bib` reader: the fast pass, with the full parser loaded on the first part (a worker that only extracts never loads it). */
let bibtex: Promise<BibtexParser> | undefined;
const loadBibtex = async (): Promise<BibtexParser> => {
  const full = await loadBibtexParser();
  return fastBibtexParser(() => full);
};

parentPort?.on('message', async (request: ExtractionRequest) => {
  let reply: ExtractionReply;
  try {
    // The shipped knowledge is not sent: this thread has its own, compiled once.
    const knowledge: Knowledge = { ...(request.catalog ? { catalog: request.catalog } : {}), taxonomy: request.taxonomy ?? DEFAULT_KNOWLEDGE.taxonomy };
    reply = request.part
      ? { id: request.id, read: readPart(request.part, await (bibtex ??= loadBibtex()), knowledge) }
      : { id: request.id, enrichments: (request.papers ?? []).map((p) => enrichmentOf(p.title, p.abstract, knowledge)) };
  } catch (e) {
    reply = { id: request.id, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(reply);
});
