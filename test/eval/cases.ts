/** The labelled sets the eval scripts read: the seeds, the dev and test v1 halves of the second set, and the held-out set. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildLibrary } from '../../src/core/build';

/** Labels compare in lower case with runs of white space as one space. */
export const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();

interface SeedLabel {
  title: string;
  hardware: { name: string; class: string }[];
  claims: { text: string; metric: string; value: string }[];
  topics: string[];
}
interface KnowledgePaper {
  id: string;
  title: string;
  abstract: string;
}
interface KnowledgeLabel {
  id: string;
  hardware: { name: string; class: string }[];
  claims: { text: string; baseline?: string; hardware?: string }[];
}
/** One paper to score: its text, and what a reader found in it. */
export interface Case {
  where: string;
  title: string;
  abstract: string;
  classes: Set<string>;
  names: Set<string>;
  claims: { text: string; metric?: string; value?: string; baseline?: string; hardware?: string }[];
  /** The seed labels match claims on their first 90 characters, as they always have; the new set on the whole sentence. */
  prefixOnly: boolean;
  topics?: string[];
}

export const root = resolve(__dirname, '..', '..', '..');

/** A case from a paper's text and its labels: classes and names of the hardware, and the claims. */
function labelled(
  where: string,
  paper: { title: string; abstract: string },
  label: { hardware: { name: string; class: string }[]; claims: Case['claims'] },
  prefixOnly: boolean,
): Case {
  return {
    where,
    title: paper.title,
    abstract: paper.abstract,
    classes: new Set(label.hardware.map((h) => h.class)),
    names: new Set(label.hardware.map((h) => norm(h.name))),
    claims: label.claims,
    prefixOnly,
  };
}

export function seedCases(): Case[] {
  const labels: SeedLabel[] = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'labels.json'), 'utf8')).papers;
  const seeds = join(root, 'seeds');
  const digest = buildLibrary(
    readdirSync(seeds)
      .sort()
      .map((name) => ({ name, text: readFileSync(join(seeds, name), 'utf8') })),
  );
  const byTitle = new Map(digest.papers.map((p) => [p.title, p]));
  return labels.map((label) => {
    const paper = byTitle.get(label.title);
    if (!paper) throw new Error(`labelled paper not in the digest: ${label.title}`);
    return { ...labelled(paper.key, paper, label, true), topics: label.topics };
  });
}

/** The second set, split by the last hex digit of each id (a hash of title and year): even → dev, odd → test v1. */
export function knowledgeCases(half: 'dev' | 'test'): Case[] {
  return labelledCases(join(root, 'test', 'fixtures', 'knowledge')).filter((c) => (parseInt(c.where.at(-1)!, 16) % 2 === 1) === (half === 'test'));
}

/** Where the held-out set lives; it is scored whole, and only when the directory is there (the integrator's checkout). */
const holdoutDir = join(root, 'test', 'fixtures', 'knowledge', 'holdout2');

/** The held-out set, whole, or null when its directory is absent (it is never read while rules are tuned). */
export function holdoutCases(): Case[] | null {
  return existsSync(join(holdoutDir, 'labels.json')) ? labelledCases(holdoutDir) : null;
}

/** Every paper of a directory holding papers.json and labels.json in the second set's schema. */
function labelledCases(dir: string): Case[] {
  const papers: KnowledgePaper[] = JSON.parse(readFileSync(join(dir, 'papers.json'), 'utf8'));
  const labels = new Map<string, KnowledgeLabel>((JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')).papers as KnowledgeLabel[]).map((l) => [l.id, l]));
  return papers.map((p) => {
    const label = labels.get(p.id);
    if (!label) throw new Error(`paper without labels: ${p.id} ${p.title}`);
    return labelled(p.id, p, label, false);
  });
}
