/** A measurement, not a product change: how much of the fast `.bib` read (scanBibtex) a second thread could take by splitting the file at an entry boundary. */
import { isMainThread, parentPort, Worker } from 'node:worker_threads';
import { scanBibtex } from '../../src/core/sources/bibfast';
import { synthesizeBib } from './bib';

/** What the worker sends back for its half: what the main thread needs to finish a read (entries and item offsets), not the text. */
interface HalfResult {
  items?: ReturnType<typeof scanBibtex>['items'];
  unresolved?: string[];
  /** The same as JSON text, when asked for (one string to clone instead of a graph of objects). */
  json?: string;
  /** When the worker started and ended its scan, and when it posted the result (performance.timeOrigin + now). */
  scanStart: number;
  scanEnd: number;
  posted: number;
}

/** The second part as text (structured clone) or as UTF-8 bytes (transferred, decoded by the worker), and how to answer. */
interface HalfRequest {
  text?: string;
  bytes?: Uint8Array;
  json: boolean;
}

const clock = () => performance.timeOrigin + performance.now();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!isMainThread) {
  parentPort!.on('message', ({ text, bytes, json }: HalfRequest) => {
    const scanStart = clock();
    const scan = scanBibtex(text ?? new TextDecoder().decode(bytes));
    const scanEnd = clock();
    const result = { items: scan.items, unresolved: scan.unresolved };
    parentPort!.postMessage({ ...(json ? { json: JSON.stringify(result) } : result), scanStart, scanEnd, posted: clock() } satisfies HalfResult);
  });
}

/** One way of splitting the read: the figures in ms (medians over the runs). */
export interface BibSplitVariant {
  /** `clone`: text in and items out by structured clone; `bytes+json`: UTF-8 bytes transferred in, items back as one JSON string. */
  name: 'clone' | 'bytes+json';
  /** The main thread's scan of the first part, while the worker scans the second. */
  firstHalfMs: number;
  /** The worker's scan of the second part. */
  workerScanMs: number;
  /** From posting the second part until the worker's scan starts (encoding on the main thread included). */
  sendMs: number;
  /** The result's way back until the main thread has it as objects (JSON.parse on the main thread included). */
  returnMs: number;
  /** The lines and offsets of the second part's items moved by the first part's (the merge a real split needs). */
  mergeMs: number;
  /** The split read end to end, on the main thread's clock: what would replace the whole scan. */
  splitMs: number;
  /** Entries the two halves read, and undefined @string names met (a check that both halves were read). */
  entries: number;
  names: number;
}

/** The split's figures beside the whole scan's. */
export interface BibSplitResult {
  megabytes: number;
  /** Where the file was cut, as a share of its length. */
  splitAt: number;
  /** scanBibtex over the whole file on one thread. */
  wholeMs: number;
  variants: BibSplitVariant[];
}

/** Scans a 20,000-entry `.bib` whole and split in two at the entry boundary nearest the middle, the second part on a worker. */
export async function benchBibSplit(count = 20000, runs = 5): Promise<BibSplitResult> {
  const text = synthesizeBib(count);
  // The synthetic file separates entries by a blank line; a real split would cut where the scan saw an item end.
  const cut = text.indexOf('\n\n@', Math.floor(text.length / 2)) + 2;
  const [first, second] = [text.slice(0, cut), text.slice(cut)];
  let firstLines = 0;
  for (let i = first.indexOf('\n'); i !== -1; i = first.indexOf('\n', i + 1)) firstLines++;
  const worker = new Worker(__filename);
  const ask = (request: HalfRequest) => {
    const reply = new Promise<HalfResult & { received: number }>((resolve) => worker.once('message', (r: HalfResult) => resolve({ ...r, received: clock() })));
    worker.postMessage(request, request.bytes ? [request.bytes.buffer as ArrayBuffer] : []);
    return reply;
  };
  // Warm the worker's code, as the extension warms its extraction worker ahead of a large build.
  await ask({ text: second.slice(0, 200000), json: false });
  await ask({ text: second.slice(0, 200000), json: true });
  const whole: number[] = [];
  const variants: BibSplitVariant[] = [];
  for (const name of ['clone', 'bytes+json'] as const) {
    const t = {
      firstHalf: [] as number[],
      workerScan: [] as number[],
      send: [] as number[],
      back: [] as number[],
      merge: [] as number[],
      split: [] as number[],
    };
    let entries = 0;
    let names = 0;
    for (let r = 0; r < runs; r++) {
      if (name === 'clone') {
        global.gc?.();
        const w = performance.now();
        scanBibtex(text);
        whole.push(performance.now() - w);
      }
      global.gc?.();
      const start = performance.now();
      const sentAt = clock();
      const reply = ask(name === 'clone' ? { text: second, json: false } : { bytes: new TextEncoder().encode(second), json: true });
      const a = performance.now();
      const scanFirst = scanBibtex(first);
      t.firstHalf.push(performance.now() - a);
      const theirs = await reply;
      const parsed = theirs.json
        ? (JSON.parse(theirs.json) as Required<Pick<HalfResult, 'items' | 'unresolved'>>)
        : { items: theirs.items!, unresolved: theirs.unresolved! };
      const received = theirs.json ? clock() : theirs.received;
      const m = performance.now();
      for (const item of parsed.items) {
        item.start += cut;
        item.end += cut;
        if (item.entry) item.entry.line += firstLines;
      }
      const items = [...scanFirst.items, ...parsed.items];
      const unresolved = [...new Set([...scanFirst.unresolved, ...parsed.unresolved])];
      t.merge.push(performance.now() - m);
      t.split.push(performance.now() - start);
      t.workerScan.push(theirs.scanEnd - theirs.scanStart);
      t.send.push(theirs.scanStart - sentAt);
      t.back.push(received - theirs.posted);
      entries = items.filter((i) => i.entry).length;
      names = unresolved.length;
    }
    variants.push({
      name,
      firstHalfMs: median(t.firstHalf),
      workerScanMs: median(t.workerScan),
      sendMs: median(t.send),
      returnMs: median(t.back),
      mergeMs: median(t.merge),
      splitMs: median(t.split),
      entries,
      names,
    });
  }
  await worker.terminate();
  return { megabytes: text.length / 1e6, splitAt: cut / text.length, wholeMs: median(whole), variants };
}

// Run as out/test/bench/bibSplit.js.
if (isMainThread && require.main === module && /[\\/]bibSplit\.js$/.test(process.argv[1] ?? ''))
  void benchBibSplit().then((r) => {
    const f = (x: number) => x.toFixed(0);
    console.log(
      `.bib scan split in two (${r.megabytes.toFixed(1)} MB, cut at ${(r.splitAt * 100).toFixed(0)}%), medians of 5:\n  whole on one thread ${f(r.wholeMs)} ms`,
    );
    for (const v of r.variants)
      console.log(
        `  split (${v.name}): ${f(v.splitMs)} ms end to end = main's half ${f(v.firstHalfMs)} ms beside the worker's ${f(v.workerScanMs)} ms;` +
          ` to the worker ${f(v.sendMs)} ms, back ${f(v.returnMs)} ms, merge ${f(v.mergeMs)} ms (${v.entries} entries, ${v.names} undefined names)`,
      );
  });
