/** One paper as the library holds it (HELP, from the shipped digest), for tests of what LitDigest writes about a paper. */
import type { Paper } from '../../src/core/model';

/** HELP with an abstract of two words; `overrides` replace any field. */
export function samplePaper(overrides: Partial<Paper> = {}): Paper {
  return {
    key: 'help-i454',
    title: 'HELP: Hardware-Adaptive Efficient Latency Prediction for NAS via Meta-Learning',
    abstract: 'An abstract.',
    authors: 4,
    org: null,
    date: 'Jun 16, 2021',
    year: 2021,
    count: null,
    urls: ['https://github.com/HayeonLee/HELP'],
    sources: [{ file: 'a', line: 1, pageDate: null }],
    topics: ['nas'],
    hardware: [],
    claims: [],
    ...overrides,
  };
}

/** The same paper as an arXiv preprint (cs.LG) with a name particle and an organisation among its authors. */
export function sampleArxivPaper(overrides: Partial<Paper> = {}): Paper {
  return samplePaper({
    arxiv: '2106.08630',
    arxivClass: 'cs.LG',
    authorNames: [
      { family: 'van der Berg', given: 'Jan' },
      { family: 'Google DeepMind', given: '' },
    ],
    ...overrides,
  });
}
