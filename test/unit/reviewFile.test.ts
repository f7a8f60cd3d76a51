import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod/mini';
import {
  conflictMarkerLines,
  DEFAULT_EXCLUSION_REASONS,
  mergeForWrite,
  parseReviewFile,
  parseReviewFileSteps,
  repairReviewFile,
  reviewerOfFileName,
  reviewFileName,
  serializeDecision,
  serializeReviewFile,
  type Decision,
  type Decisions,
  type ParsedReviewFile,
  type ReviewFile,
} from '../../src/core/reviewFile';
import { changedKeys, setDecision } from '../../src/core/review';
import { runSliced } from '../../src/core/steps';
import { repoRoot } from './seedFiles';

const fixture = (name: string) => readFileSync(join(repoRoot, 'test', 'fixtures', 'review', name), 'utf8');

function read(parsed: ParsedReviewFile): ReviewFile {
  if (!parsed.ok) assert.fail(`refused: ${parsed.problems.map((p) => `${p.line}: ${p.message}`).join('; ')}`);
  return parsed.file;
}

function errorLines(parsed: ParsedReviewFile): number[] {
  assert.equal(parsed.ok, false, 'expected a refusal');
  assert.ok(parsed.problems.every((p) => p.severity === 'error'));
  return parsed.problems.map((p) => p.line);
}

const at = (minute: number) => `2026-11-29T10:${String(minute).padStart(2, '0')}:00.000Z`;

describe('parseReviewFile', () => {
  it('reads decisions with their lines, default tags, and no problems', () => {
    const parsed = parseReviewFile(fixture('ana.jsonl'), 'ana.jsonl');
    const file = read(parsed);
    assert.deepEqual(parsed.problems, []);
    assert.equal(file.decisions.size, 12);
    assert.deepEqual(file.decisions.get('p02')?.tags, ['kv']);
    assert.deepEqual(file.decisions.get('p01')?.tags, []);
    assert.equal(file.decisions.get('p05')?.reason, 'off topic');
    assert.equal(file.lines.get('p01'), 2);
    assert.equal(file.lines.get('p12'), 13);
  });

  it('reads an empty or blank file as an empty review', () => {
    for (const text of ['', '\n\n', '\uFEFF']) {
      const parsed = parseReviewFile(text, 'empty.jsonl');
      assert.equal(read(parsed).decisions.size, 0);
      assert.deepEqual(parsed.problems, []);
    }
  });

  it('reads CRLF line ends and a date without a time', () => {
    const file = read(parseReviewFile(fixture('crlf.jsonl'), 'crlf.jsonl'));
    assert.deepEqual([...file.decisions.keys()], ['p01', 'p02']);
    assert.equal(file.decisions.get('p02')?.decidedAt, '2026-11-20');
  });

  it('refuses a file with bad lines, naming each line: unknown status, cut line, missing date, duplicate key', () => {
    const parsed = parseReviewFile(fixture('bad-lines.jsonl'), 'bad-lines.jsonl');
    assert.deepEqual(errorLines(parsed), [3, 4, 5, 6]);
    const [status, cut, date, duplicate] = parsed.problems.map((p) => p.message);
    assert.match(status, /status: one of unscreened, included, excluded, maybe/);
    assert.match(cut, /not a line of JSON/);
    assert.match(date, /decidedAt/);
    assert.match(duplicate, /p01 is already decided on line 2/);
    assert.ok(parsed.problems.every((p) => p.file === 'bad-lines.jsonl'));
    assert.ok(!('file' in parsed && typeof parsed.file === 'object'), 'a refusal carries no decisions to write back');
  });

  it('refuses a file with merge-conflict markers and names every marker line', () => {
    const parsed = parseReviewFile(fixture('conflicted-diff3.jsonl'), 'ana.jsonl');
    assert.deepEqual(errorLines(parsed), [3, 6, 9, 12]);
    assert.match(parsed.problems[0].message, /merge-conflict marker/);
    assert.deepEqual(conflictMarkerLines(fixture('conflicted-diff3.jsonl')), [3, 6, 9, 12]);
  });

  it('does not take a note that merely contains ======= for a marker', () => {
    const text = serializeReviewFile([{ key: 'a', status: 'maybe', tags: [], note: '=======\n<<<<<<< not a marker', decidedAt: at(1) }]);
    assert.deepEqual(conflictMarkerLines(text), []);
    assert.equal(read(parseReviewFile(text, 'f')).decisions.get('a')?.note, '=======\n<<<<<<< not a marker');
  });

  it('refuses a file written by a newer format version', () => {
    const parsed = parseReviewFile(fixture('newer-version.jsonl'), 'n.jsonl');
    assert.deepEqual(errorLines(parsed), [1]);
    assert.match(parsed.problems[0].message, /newer LitDigest \(format 2/);
  });

  it('refuses a header that is not on the first line, and lines that are not objects', () => {
    const text = ['{"key":"a","status":"maybe","decidedAt":"2026-11-29"}', '{"litdigest":"review","version":1}', '[1,2]', '"text"'].join('\n');
    assert.deepEqual(errorLines(parseReviewFile(text, 'f')), [2, 3, 4]);
  });

  it('refuses keys with spaces, empty tags and a bad date', () => {
    for (const line of [
      '{"key":"a b","status":"maybe","decidedAt":"2026-11-29"}',
      '{"key":"a","status":"maybe","tags":[""],"decidedAt":"2026-11-29"}',
      '{"key":"a","status":"maybe","decidedAt":"yesterday"}',
      '{"key":"a","status":"maybe","tags":"kv","decidedAt":"2026-11-29"}',
    ]) {
      assert.deepEqual(errorLines(parseReviewFile(line, 'f')), [1], line);
    }
  });

  it('warns, without refusing, about a missing header, an exclusion without reason, a stray reason and a reason outside the list', () => {
    const text = [
      '{"key":"a","status":"excluded","decidedAt":"2026-11-29"}',
      '{"key":"b","status":"included","reason":"off topic","decidedAt":"2026-11-29"}',
      '{"key":"c","status":"excluded","reason":"too long","decidedAt":"2026-11-29"}',
      '{"key":"d","status":"excluded","reason":"off topic","decidedAt":"2026-11-29"}',
    ].join('\n');
    const parsed = parseReviewFile(text, 'f', { reasons: DEFAULT_EXCLUSION_REASONS });
    assert.equal(read(parsed).decisions.size, 4);
    assert.deepEqual(
      parsed.problems.map((p) => [p.line, p.severity]),
      [
        [1, 'warning'],
        [1, 'warning'],
        [2, 'warning'],
        [3, 'warning'],
      ],
    );
    assert.match(parsed.problems[0].message, /no header/);
    assert.match(parsed.problems[3].message, /"too long" is not in the team's list/);
  });

  it('reads a large file in steps that give the event loop turns, to the same result', async () => {
    const many: Decision[] = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i}`, status: 'maybe', tags: [], decidedAt: at(0) }));
    const text = serializeReviewFile(many);
    let pauses = 0;
    const sliced = await runSliced(parseReviewFileSteps(text, 'f'), 0, async () => {
      pauses++;
    });
    assert.ok(pauses >= 3, `paused ${pauses} times`);
    assert.deepEqual(read(sliced).decisions, new Map(many.map((d) => [d.key, d])));
    assert.deepEqual(sliced, parseReviewFile(text, 'f'));
  });

  it('caps a refusal at 20 lines and says how many more', () => {
    const text = Array.from({ length: 30 }, () => 'nope').join('\n');
    const parsed = parseReviewFile(text, 'f');
    assert.equal(parsed.problems.length, 21);
    assert.match(parsed.problems[20].message, /and 10 more/);
  });
});

describe('serializeReviewFile', () => {
  it('writes the header, one line per decision sorted by key in code-unit order, fixed field order and a final newline', () => {
    const decisions: Decision[] = [
      { note: 'n', decidedAt: at(2), tags: ['kv'], status: 'excluded', key: 'b', reason: 'off topic' },
      { key: 'B', status: 'included', tags: [], decidedAt: at(1) },
      { key: 'a', status: 'maybe', tags: [], decidedAt: at(3), reviewer: 'ana' },
    ];
    assert.equal(
      serializeReviewFile(decisions),
      [
        '{"litdigest":"review","version":1}',
        '{"key":"B","status":"included","decidedAt":"2026-11-29T10:01:00.000Z"}',
        '{"key":"a","status":"maybe","decidedAt":"2026-11-29T10:03:00.000Z","reviewer":"ana"}',
        '{"key":"b","status":"excluded","reason":"off topic","tags":["kv"],"note":"n","decidedAt":"2026-11-29T10:02:00.000Z"}',
        '',
      ].join('\n'),
    );
    assert.equal(serializeReviewFile([...decisions].reverse()), serializeReviewFile(decisions));
  });

  it('writes an empty review as the header alone', () => {
    assert.equal(serializeReviewFile([]), '{"litdigest":"review","version":1}\n');
  });

  it('round-trips a file it wrote byte for byte, and the fixtures decision for decision', () => {
    for (const name of ['ana.jsonl', 'ben.jsonl']) {
      const text = fixture(name);
      assert.equal(serializeReviewFile(read(parseReviewFile(text, name)).decisions.values()), text, name);
    }
    const crlf = read(parseReviewFile(fixture('crlf.jsonl'), 'crlf.jsonl'));
    const again = read(parseReviewFile(serializeReviewFile(crlf.decisions.values(), crlf.header), 'crlf.jsonl'));
    assert.deepEqual([...again.decisions.values()], [...crlf.decisions.values()]);
  });

  it('keeps a note with newlines, tabs, quotes and unicode on one line and reads it back unchanged', () => {
    const note = 'Line one\nline two\r\n\t"quoted" \\ back\u2028sep\u2029\u0085 — ünïcödé 量子化 🚀 \u0000';
    const text = serializeReviewFile([{ key: 'k', status: 'maybe', tags: ['émoji 🚀'], note, decidedAt: at(0) }]);
    assert.equal(text.split('\n').length, 3, 'header, one decision, final newline');
    assert.doesNotMatch(text, /[\r\u0085\u2028\u2029]/, 'no character another tool reads as a line break');
    const back = read(parseReviewFile(text, 'f')).decisions.get('k');
    assert.equal(back?.note, note);
    assert.deepEqual(back?.tags, ['émoji 🚀']);
  });

  it('keeps fields and header fields it does not know, after the known ones, through a change and a rewrite', () => {
    const file = read(parseReviewFile(fixture('newer-fields.jsonl'), 'n.jsonl'));
    const { state } = setDecision(file.decisions, 'p01', { tags: ['kv'] }, at(5));
    const text = serializeReviewFile(state.values(), file.header);
    assert.equal(
      text,
      [
        '{"litdigest":"review","version":1,"reasonsListId":"hw-2026"}',
        '{"key":"p01","status":"included","tags":["kv"],"decidedAt":"2026-11-29T10:05:00.000Z","confidence":0.9,"extractedBy":{"tool":"later","v":2}}',
        '',
      ].join('\n'),
    );
  });
});

describe('the README example of a review file', () => {
  it('reads without problems and is exactly what LitDigest writes', () => {
    const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
    const example = /## Review files[\s\S]*?```jsonl\n([\s\S]*?)```/.exec(readme)?.[1];
    assert.ok(example, 'README has a jsonl example under "Review files"');
    const parsed = parseReviewFile(example, 'README.md');
    assert.deepEqual(parsed.problems, []);
    assert.equal(serializeReviewFile(read(parsed).decisions.values()), example);
  });
});

describe('mergeForWrite', () => {
  const empty: Decisions = new Map();

  it('two windows writing the same file in turn keep both windows decisions', () => {
    let disk = serializeReviewFile([]);
    const load = () => read(parseReviewFile(disk, 'ana.jsonl'));
    // Both windows load the same file, then each decides other papers and writes.
    let windowA: Decisions = load().decisions;
    let windowB: Decisions = load().decisions;
    const changedA = new Set<string>();
    const changedB = new Set<string>();
    const write = (mine: Decisions, changed: Set<string>) => {
      const onDisk = load();
      const merged = mergeForWrite(onDisk.decisions, mine, changed);
      disk = serializeReviewFile(merged.values(), onDisk.header);
      changed.clear();
      return merged;
    };
    let step = setDecision(windowA, 'a1', { status: 'included' }, at(1));
    windowA = step.state;
    changedKeys(step.undo).forEach((k) => changedA.add(k));
    step = setDecision(windowB, 'b1', { reason: 'off topic' }, at(2));
    windowB = step.state;
    changedKeys(step.undo).forEach((k) => changedB.add(k));
    windowA = write(windowA, changedA);
    windowB = write(windowB, changedB); // B's state never had a1: without the merge a1 would be lost
    step = setDecision(windowA, 'a2', { status: 'maybe' }, at(3));
    windowA = step.state;
    changedKeys(step.undo).forEach((k) => changedA.add(k));
    write(windowA, changedA);
    assert.deepEqual([...load().decisions.keys()], ['a1', 'a2', 'b1']);
    assert.equal(load().decisions.get('b1')?.status, 'excluded');
    assert.deepEqual([...windowB.keys()], ['a1', 'b1'], 'a writer sees the other window once it has written');
  });

  it('for a paper both windows changed, the last write wins; the other papers stay', () => {
    const onDisk = new Map<string, Decision>([
      ['x', { key: 'x', status: 'included', tags: [], decidedAt: at(1) }],
      ['y', { key: 'y', status: 'maybe', tags: [], decidedAt: at(1) }],
    ]);
    const mine = new Map<string, Decision>([['x', { key: 'x', status: 'excluded', reason: 'duplicate', tags: [], decidedAt: at(2) }]]);
    const merged = mergeForWrite(onDisk, mine, ['x']);
    assert.equal(merged.get('x')?.status, 'excluded');
    assert.equal(merged.get('y')?.status, 'maybe');
  });

  it('removes a paper this writer reset to unscreened, and leaves unchanged papers as the disk has them', () => {
    const onDisk = new Map<string, Decision>([
      ['x', { key: 'x', status: 'included', tags: [], decidedAt: at(1) }],
      ['y', { key: 'y', status: 'excluded', tags: [], decidedAt: at(4) }],
    ]);
    const mine = new Map<string, Decision>([['y', { key: 'y', status: 'maybe', tags: [], decidedAt: at(0) }]]);
    const merged = mergeForWrite(onDisk, mine, ['x']);
    assert.deepEqual([...merged.keys()], ['y']);
    assert.equal(merged.get('y')?.status, 'excluded');
    assert.equal(mergeForWrite(empty, empty, []).size, 0);
  });
});

describe('repairReviewFile', () => {
  it('takes both sides of a conflict, drops the diff3 base, and keeps the newer decision of each paper', () => {
    const parsed = repairReviewFile(fixture('conflicted-diff3.jsonl'), 'ana.jsonl');
    const file = read(parsed);
    assert.deepEqual([...file.decisions.keys()].sort(), ['p01', 'p02', 'p03', 'p04']);
    assert.equal(file.decisions.get('p02')?.status, 'included');
    assert.equal(file.decisions.get('p03')?.status, 'excluded');
    assert.deepEqual(
      parsed.problems.map((p) => p.message),
      [
        'p02: kept line 4 (2026-11-22T08:00:00.000Z), dropped line 10 (2026-11-20T10:01:00.000Z)',
        'p03: kept line 11 (2026-11-22T09:00:00.000Z), dropped line 5 (2026-11-20T10:02:00.000Z)',
      ],
    );
  });

  it('keeps the newer of two lines for one key (as a merge=union leaves them), whatever their order', () => {
    const older = '{"key":"x","status":"maybe","decidedAt":"2026-11-20"}';
    const newer = '{"key":"x","status":"included","decidedAt":"2026-11-21T08:00:00Z"}';
    for (const lines of [
      [older, newer],
      [newer, older],
    ]) {
      const text = ['{"litdigest":"review","version":1}', ...lines].join('\n');
      assert.deepEqual(errorLines(parseReviewFile(text, 'f')), [3]);
      assert.equal(read(repairReviewFile(text, 'f')).decisions.get('x')?.status, 'included');
    }
  });

  it('still refuses when a line inside the conflict does not read', () => {
    const broken = fixture('conflicted-diff3.jsonl').replace('{"key":"p03","status":"excluded"', '{"key":"p03","status":"gone"');
    assert.deepEqual(errorLines(repairReviewFile(broken, 'f')), [11]);
  });
});

describe('reviewer file names', () => {
  it('maps reviewers to files and back, and tells the resolutions file and other files apart', () => {
    assert.equal(reviewFileName('ana'), 'ana.jsonl');
    assert.deepEqual(reviewerOfFileName('ana.jsonl'), { reviewer: 'ana' });
    assert.deepEqual(reviewerOfFileName('j.doe@lab.jsonl'), { reviewer: 'j.doe@lab' });
    assert.equal(reviewerOfFileName('_resolved.jsonl'), 'resolutions');
    for (const other of ['notes.md', '.ana.jsonl', '_x.jsonl', 'ana.jsonl.bak', 'a b.jsonl']) assert.equal(reviewerOfFileName(other), null, other);
  });
});

describe('the file format under git merge', () => {
  function gitMerge(ours: string, base: string, theirs: string): { text: string; conflicted: boolean } {
    const dir = mkdtempSync(join(tmpdir(), 'litdigest-review-'));
    try {
      const [o, b, t] = ['ours', 'base', 'theirs'].map((n) => join(dir, n));
      writeFileSync(o, ours);
      writeFileSync(b, base);
      writeFileSync(t, theirs);
      const run = spawnSync('git', ['merge-file', '-p', o, b, t], { encoding: 'utf8' });
      if (run.error) assert.fail(`git is needed for this test: install it (apt-get install git). ${run.error.message}`);
      assert.ok(run.status !== null && run.status >= 0 && run.status < 128, run.stderr);
      return { text: run.stdout, conflicted: run.status !== 0 };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const base = read(parseReviewFile(fixture('ana.jsonl'), 'ana.jsonl')).decisions;
  const baseText = serializeReviewFile(base.values());
  const change = (key: string, status: 'included' | 'maybe', minute: number) =>
    serializeReviewFile(setDecision(base, key, { status }, at(minute)).state.values());

  it('decisions on papers two lines apart merge without conflict and the result reads', () => {
    const merged = gitMerge(change('p03', 'maybe', 1), baseText, change('p05', 'included', 2));
    assert.equal(merged.conflicted, false);
    const file = read(parseReviewFile(merged.text, 'ana.jsonl'));
    assert.equal(file.decisions.get('p03')?.status, 'maybe');
    assert.equal(file.decisions.get('p05')?.status, 'included');
  });

  it('decisions on neighbouring lines conflict in git, are refused with their lines, and repair keeps both', () => {
    const merged = gitMerge(change('p03', 'maybe', 1), baseText, change('p04', 'maybe', 2));
    assert.equal(merged.conflicted, true);
    assert.ok(errorLines(parseReviewFile(merged.text, 'ana.jsonl')).length >= 3);
    const file = read(repairReviewFile(merged.text, 'ana.jsonl'));
    assert.equal(file.decisions.get('p03')?.status, 'maybe');
    assert.equal(file.decisions.get('p04')?.status, 'maybe');
    assert.equal(file.decisions.size, base.size);
  });
});

describe('corrections on a reviewer file line', () => {
  const line =
    '{"key":"k1","status":"unscreened","decidedAt":"2026-11-29T10:00:00Z","hardware":{"add":[{"name":"Google TPU","class":"ASIC/Accelerator","phrase":"TPU","since":"v9"}],"remove":[{"name":"GPU, model not named","class":"GPU"}],"why":"x"},"claims":{"add":["We get 2x."],"remove":["It is 3x."]},"correctedAt":"2026-11-29T10:05:00Z","future":1}';

  it('reads them, keeping fields this version does not know at every level, and writes them back the same', () => {
    const file = read(parseReviewFile(`{"litdigest":"review","version":1}\n${line}\n`, 'ana.jsonl'));
    const d = file.decisions.get('k1')!;
    assert.deepEqual(d.hardware?.remove, [{ name: 'GPU, model not named', class: 'GPU' }]);
    assert.equal(d.hardware?.add?.[0].since, 'v9');
    assert.equal(d.hardware?.why, 'x');
    assert.deepEqual(d.claims, { add: ['We get 2x.'], remove: ['It is 3x.'] });
    assert.equal(serializeReviewFile(file.decisions.values()), `{"litdigest":"review","version":1}\n${line}\n`);
  });

  it('old lines without them still read, with none', () => {
    const d = read(parseReviewFile('{"key":"k1","status":"included","decidedAt":"2026-11-29"}\n', 'ana.jsonl')).decisions.get('k1')!;
    assert.equal(d.hardware, undefined);
    assert.equal(d.claims, undefined);
  });

  it('a reader of the format before corrections (decisions with unknown fields kept) keeps them on its write', () => {
    // The schema of the last release before corrections, as it was: the known fields, everything else kept.
    const before = z.looseObject({
      key: z.string(),
      status: z.enum(['unscreened', 'included', 'excluded', 'maybe']),
      reason: z.optional(z.string()),
      tags: z._default(z.array(z.string()), []),
      note: z.optional(z.string()),
      decidedAt: z.string(),
      reviewer: z.optional(z.string()),
      resolvedBy: z.optional(z.string()),
    });
    const old = before.parse(JSON.parse(line));
    assert.deepEqual(JSON.parse(serializeDecision(old as Decision)), JSON.parse(line));
  });

  it('refuses a line whose correction names a class not in the list, or a blank sentence, with its line', () => {
    const bad = (json: string) => errorLines(parseReviewFile(`{"litdigest":"review","version":1}\n${json}\n`, 'ana.jsonl'));
    assert.deepEqual(bad('{"key":"k1","status":"maybe","decidedAt":"2026-11-29","hardware":{"add":[{"name":"X","class":"Toaster"}]}}'), [2]);
    assert.deepEqual(bad('{"key":"k1","status":"maybe","decidedAt":"2026-11-29","claims":{"remove":["  "]}}'), [2]);
    assert.deepEqual(bad('{"key":"k1","status":"maybe","decidedAt":"2026-11-29","correctedAt":"yesterday"}'), [2]);
  });

  it('repair keeps the line corrected last, by correctedAt when its decidedAt is older', () => {
    const text = [
      '{"key":"k1","status":"included","decidedAt":"2026-11-29T10:00:00Z","claims":{"add":["A."]},"correctedAt":"2026-11-29T12:00:00Z"}',
      '{"key":"k1","status":"included","decidedAt":"2026-11-29T11:00:00Z"}',
    ].join('\n');
    const repaired = read(repairReviewFile(text, 'ana.jsonl'));
    assert.deepEqual(repaired.decisions.get('k1')?.claims, { add: ['A.'] });
  });
});
