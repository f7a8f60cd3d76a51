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
