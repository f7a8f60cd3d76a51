/** Deterministic synthetic digests: N distinct papers recombined from the shipped ones, in all three layouts. */
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Paper } from '../../src/core/model';
import { splitSentences } from '../../src/core/sentences';
import { buildLibrary } from '../../src/core/build';

/** The papers of the shipped digest (seeds/), the material every synthetic library is recombined from. */
export function shippedPapers(): Paper[] {
  const seeds = join(resolve(__dirname, '..', '..', '..'), 'seeds');
  return buildLibrary(
    readdirSync(seeds)
      .sort()
      .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
  ).papers;
}

/** A small, fast, seedable PRNG (mulberry32), so every run generates the same digests. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SYLLABLES = ['ka', 'ro', 'vi', 'ne', 'lu', 'ta', 'mo', 'shi', 'fer', 'dal', 'qu', 'zen', 'pi', 'lo', 'tra', 'gen'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ORGS = ['nvidia NVIDIA', 'apple Apple', 'google Google', 'meta Meta', 'adobe Adobe'];
const HEADER = ['new', '', 'Get trending papers in your email inbox!', '', 'Subscribe', '', 'Daily Papers', '', 'byAK and the research community', ''];

/** A unique, pronounceable system name for paper `i` ("KaroVi-3"). */
function systemName(i: number): string {
  let n = i;
  let name = '';
  do {
    name += SYLLABLES[n % SYLLABLES.length];
    n = Math.floor(n / SYLLABLES.length);
  } while (n > 0);
  return `${name[0].toUpperCase()}${name.slice(1)}-${i % 7}`;
}

export interface SynthPaper {
  title: string;
  abstract: string;
}

/** `count` distinct papers: a unique name, the tail of one shipped title, and sentences of three to six shipped abstracts. */
export function synthesizePapers(shipped: readonly SynthPaper[], count: number, seed = 1): SynthPaper[] {
  const rand = random(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const sentences = shipped.map((p) => splitSentences(p.abstract).map((s) => s.text));
  const papers: SynthPaper[] = [];
  for (let i = 0; i < count; i++) {
    const base = pick(shipped).title;
    const tail = base.includes(': ') ? base.slice(base.indexOf(': ') + 2) : base;
    const parts: string[] = [];
    const n = 3 + Math.floor(rand() * 4);
    for (let k = 0; k < n; k++) parts.push(pick(pick(sentences)));
    papers.push({ title: `${systemName(i)}: ${tail}`, abstract: parts.join(' ') });
  }
  return papers;
}

/**
 * Daily pages of `perPage` papers, cycling through the compact, spaced and spaced-meta layouts.
 * About one paper in five appears again on a later page, so merging has real work to do.
 */
export function synthesizePages(papers: readonly SynthPaper[], perPage = 50, seed = 2): { name: string; text: string }[] {
  const rand = random(seed);
  const pages: { name: string; text: string }[] = [];
  const sightings: SynthPaper[] = [];
  papers.forEach((p, i) => {
    sightings.push(p);
    if (rand() < 0.2 && i > perPage) sightings.push(papers[Math.floor(rand() * i)]);
  });
  for (let start = 0, page = 0; start < sightings.length; start += perPage, page++) {
    const slice = sightings.slice(start, start + perPage);
    const layout = page % 3;
    const name = `${String(page).padStart(5, '0')}_synthetic.txt`;
    if (layout === 0) {
      pages.push({
        name,
        text: [
          'Get trending papers in your email inbox once a day!',
          'Get trending papers in your email inbox!',
          ...slice.flatMap((p, k) => [k === 0 ? `Subscribe${p.title}` : p.title, p.abstract]),
        ].join('\n'),
      });
      continue;
    }
    const lines = [...HEADER, `${MONTHS[page % 12]} ${1 + (page % 28)}`, ''];
    for (const p of slice) {
      lines.push(p.title, '', p.abstract, '');
      if (layout === 2) {
        lines.push(rand() < 0.85 ? `  • ${1 + Math.floor(rand() * 30)} authors` : ORGS[Math.floor(rand() * ORGS.length)], '·');
        const day = `${MONTHS[Math.floor(rand() * 12)]} ${1 + Math.floor(rand() * 28)}`;
        const year = rand() < 0.7 ? `, ${2019 + Math.floor(rand() * 7)}` : '';
        lines.push(`${day}${year}${rand() < 0.3 ? ` ${1 + Math.floor(rand() * 9)}` : ''}`, '');
      }
    }
    pages.push({ name, text: lines.join('\n') });
  }
  return pages;
}
