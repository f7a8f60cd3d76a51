import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReviewFile } from '../../src/core/reviewFile';
import { ReviewStore, reviewerFileStem, type ReviewStoreOptions } from '../../src/reviewStore';

let root: string;
let folder: string;
let clock = 0;
const now = () => `2026-11-29T10:${String(clock++ % 60).padStart(2, '0')}:00.000Z`;

function store(reviewer = 'ana', options: Partial<ReviewStoreOptions> = {}): ReviewStore {
  return new ReviewStore({ folder, reviewer, canWrite: () => true, now, ...options });
}

const fileText = (name: string) => readFileSync(join(folder, name), 'utf8');

describe('ReviewStore', () => {
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'litdigest-review-'));
    folder = join(root, '.litdigest', 'review');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes a decision to <reviewer>.jsonl (creating the folder) and a new store reads it back', async () => {
    const a = store();
    await a.load();
    const result = await a.decide(['lee2021help'], { status: 'excluded', reason: 'off topic' });
    assert.deepEqual(result, { ok: true, keys: ['lee2021help'] });
    const parsed = parseReviewFile(fileText('ana.jsonl'), 'ana.jsonl');
    assert.ok(parsed.ok);
    assert.equal(parsed.file.decisions.get('lee2021help')?.reason, 'off topic');
    const b = store();
    await b.load();
    assert.equal(b.decision('lee2021help')?.status, 'excluded');
  });

  it('decides a multi-selection as one step, and undo restores every paper of it', async () => {
    const a = store();
    await a.load();
    await a.decide(['k1'], { status: 'maybe' });
    await a.decide(['k1', 'k2'], { status: 'included' });
    assert.equal(a.mine.get('k2')?.status, 'included');
    const undone = await a.undo();
    assert.ok(undone.ok);
    assert.equal(a.decision('k1')?.status, 'maybe');
    assert.equal(a.decision('k2'), undefined);
    const b = store();
    await b.load();
    assert.equal(b.decision('k1')?.status, 'maybe');
    assert.equal(b.decision('k2'), undefined);
  });

  it('undo with nothing decided in this window is refused with a message', async () => {
    const a = store();
    await a.load();
    const result = await a.undo();
    assert.equal(result.ok, false);
  });

  it('two writers on one folder lose no decision: other papers kept, the last write of the same paper wins', async () => {
    const a = store();
    const b = store();
    await Promise.all([a.load(), b.load()]);
    await a.decide(['p1'], { status: 'included' });
    await b.decide(['p2'], { status: 'excluded', reason: 'duplicate' });
    await a.decide(['p3'], { status: 'maybe' });
    await b.decide(['p1'], { status: 'maybe' });
    const fresh = store();
    await fresh.load();
    assert.deepEqual(
      [...fresh.mine.values()].map((d) => [d.key, d.status]),
      [
        ['p1', 'maybe'],
        ['p2', 'excluded'],
        ['p3', 'maybe'],
      ],
    );
  });

  it('keeps a decision written in place by another program since its own last write, without a load between', async () => {
    const a = store();
    await a.load();
    await a.decide(['p1'], { status: 'included' });
    // Same inode, different bytes: what an editor saving in place does.
    writeFileSync(join(folder, 'ana.jsonl'), fileText('ana.jsonl') + '{"key":"p2","status":"maybe","decidedAt":"2026-11-29T11:00:00Z"}\n');
    await a.decide(['p3'], { status: 'maybe' });
    assert.deepEqual((parseReviewFile(fileText('ana.jsonl'), 'x').ok || undefined) && [...a.mine.keys()], ['p1', 'p2', 'p3']);
    assert.match(fileText('ana.jsonl'), /"key":"p2"/);
  });

  it('reads a file edited outside (a git pull) on the next load', async () => {
    const a = store();
    await a.load();
    await a.decide(['p1'], { status: 'included' });
    writeFileSync(
      join(folder, 'ana.jsonl'),
      '{"litdigest":"review","version":1}\n{"key":"p1","status":"excluded","reason":"off topic","decidedAt":"2026-11-29T11:00:00Z"}\n',
    );
    let heard = 0;
    a.onDidChange(() => heard++);
    await a.load();
    assert.equal(a.decision('p1')?.status, 'excluded');
    assert.equal(heard, 1);
  });

  it('refuses a file with conflict markers: reports the lines, keeps the last good state, writes nothing', async () => {
    const a = store();
    await a.load();
    await a.decide(['p1'], { status: 'included' });
    const broken =
      '{"litdigest":"review","version":1}\n<<<<<<< HEAD\n{"key":"p1","status":"included","decidedAt":"2026-11-29T10:00:00Z"}\n=======\n{"key":"p1","status":"excluded","decidedAt":"2026-11-29T10:01:00Z"}\n>>>>>>> theirs\n';
    writeFileSync(join(folder, 'ana.jsonl'), broken);
    await a.load();
    assert.deepEqual(a.refused, ['ana.jsonl']);
    assert.deepEqual(
      a.problems.filter((p) => p.severity === 'error').map((p) => p.line),
      [2, 4, 6],
    );
    assert.equal(a.decision('p1')?.status, 'included', 'the last good state stays in force');
    const result = await a.decide(['p2'], { status: 'maybe' });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /lines 2, 4, 6/);
    assert.equal(fileText('ana.jsonl'), broken, 'nothing was written');
    assert.equal(a.decision('p2'), undefined);
  });

  it('refuses to write when the file broke after the last load, and writes again once it is fixed', async () => {
    const a = store();
    await a.load();
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'ana.jsonl'), '{"key":"p1","status":"sure","decidedAt":"2026-11-29"}\n');
    const refused = await a.decide(['p2'], { status: 'maybe' });
    assert.equal(refused.ok, false);
    assert.equal(fileText('ana.jsonl'), '{"key":"p1","status":"sure","decidedAt":"2026-11-29"}\n');
    writeFileSync(join(folder, 'ana.jsonl'), '{"key":"p1","status":"maybe","decidedAt":"2026-11-29"}\n');
    const ok = await a.decide(['p2'], { status: 'maybe' });
    assert.ok(ok.ok);
    assert.deepEqual([...a.mine.keys()], ['p1', 'p2']);
  });

  it('writes nothing in an untrusted workspace: no folder, no file, the decision not taken', async () => {
    const a = store('ana', { canWrite: () => 'LitDigest does not write review files in an untrusted workspace' });
    await a.load();
    const result = await a.decide(['p1'], { status: 'included' });
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.message, /untrusted/);
    assert.equal(existsSync(join(root, '.litdigest')), false);
    assert.equal(a.decision('p1'), undefined);
  });

  it('writes nothing through a review folder that links outside the workspace folder', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'litdigest-outside-'));
    try {
      mkdirSync(join(root, '.litdigest'), { recursive: true });
      symlinkSync(outside, folder, 'dir');
      const a = store('ana', { root });
      await a.load();
      const result = await a.decide(['p1'], { status: 'included' });
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.message, /outside the workspace/);
      assert.deepEqual(readdirSync(outside), []);
      const inside = new ReviewStore({ folder: join(root, 'plain'), reviewer: 'ana', canWrite: () => true, now, root });
      assert.ok((await inside.decide(['p1'], { status: 'included' })).ok, 'a folder inside the root is written');
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('reads every reviewer and the resolutions; resolve records who resolved it', async () => {
    const ana = store('ana');
    const ben = store('ben');
    await Promise.all([ana.load(), ben.load()]);
    await ana.decide(['p1'], { status: 'included' });
    await ben.decide(['p1'], { status: 'excluded', reason: 'off topic' });
    await ana.load();
    assert.deepEqual([...ana.reviewers.keys()].sort(), ['ana', 'ben']);
    const resolved = await ana.resolve('p1', { status: 'included' });
    assert.ok(resolved.ok);
    assert.equal(ana.resolutions.get('p1')?.resolvedBy, 'ana');
    assert.match(fileText('_resolved.jsonl'), /"resolvedBy":"ana"/);
    await ana.undo();
    assert.equal(ana.resolutions.get('p1'), undefined);
  });

  it('ignores files that are not reviewer files (other extensions, dot files)', async () => {
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'notes.txt'), 'hello');
    writeFileSync(join(folder, '.ana.jsonl.tmp'), 'garbage');
    const a = store();
    await a.load();
    assert.deepEqual(a.problems, []);
    assert.deepEqual([...a.reviewers.keys()], ['ana']);
  });
});

describe('ReviewStore.correct', () => {
  const gpu = { name: 'GPU, model not named', class: 'GPU' as const };
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'litdigest-review-'));
    folder = join(root, '.litdigest', 'review');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("writes the correction on the paper's line of <reviewer>.jsonl, keeping its decision; undo takes it back", async () => {
    const a = store();
    await a.load();
    await a.decide(['p1'], { status: 'included' });
    const result = await a.correct('p1', { kind: 'removeHardware', target: gpu });
    assert.deepEqual(result, { ok: true, keys: ['p1'] });
    const line = JSON.parse(fileText('ana.jsonl').split('\n')[1]);
    assert.equal(line.status, 'included');
    assert.deepEqual(line.hardware, { remove: [gpu] });
    assert.deepEqual(a.corrections.get('p1'), { hardware: { remove: [gpu] } });
    assert.ok((await a.undo()).ok);
    assert.equal(JSON.parse(fileText('ana.jsonl').split('\n')[1]).hardware, undefined);
    assert.equal(a.corrections.size, 0);
  });

  it("computes the change on the file as it is on disk: another window's correction of the same paper is kept", async () => {
    const tpu = { name: 'Google TPU', class: 'ASIC/Accelerator' as const };
    const a = store();
    const b = store();
    await Promise.all([a.load(), b.load()]);
    await a.correct('p1', { kind: 'addHardware', target: tpu });
    await a.correct('p1', { kind: 'addClaim', text: 'We get 2x.' });
    await b.correct('p1', { kind: 'removeHardware', target: gpu });
    await b.correct('p2', { kind: 'removeClaim', text: 'It is 3x.' });
    const fresh = store();
    await fresh.load();
    assert.deepEqual(fresh.corrections.get('p1'), { hardware: { add: [tpu], remove: [gpu] }, claims: { add: ['We get 2x.'] } });
    assert.deepEqual(fresh.corrections.get('p2'), { claims: { remove: ['It is 3x.'] } });
  });

  it("merges every reviewer's corrections, the later one winning on the same item", async () => {
    const ana = store('ana');
    const ben = store('ben');
    await Promise.all([ana.load(), ben.load()]);
    await ana.correct('p1', { kind: 'addHardware', target: { name: 'Google TPU', class: 'ASIC/Accelerator' } });
    await ben.correct('p1', { kind: 'removeHardware', target: { name: 'Google TPU', class: 'ASIC/Accelerator' } });
    await ana.load();
    assert.deepEqual(ana.corrections.get('p1'), { hardware: { remove: [{ name: 'Google TPU', class: 'ASIC/Accelerator' }] } });
  });

  it('writes nothing in an untrusted workspace, and nothing to a file that does not read', async () => {
    const untrusted = store('ana', { canWrite: () => 'LitDigest does not write review files in an untrusted workspace' });
    await untrusted.load();
    const refused = await untrusted.correct('p1', { kind: 'removeHardware', target: gpu });
    assert.equal(refused.ok, false);
    assert.equal(existsSync(join(root, '.litdigest')), false);
    assert.equal(untrusted.corrections.size, 0);
    mkdirSync(folder, { recursive: true });
    const broken = '{"key":"p1","status":"maybe","decidedAt":"2026-11-29"}\n<<<<<<< HEAD\n';
    writeFileSync(join(folder, 'ana.jsonl'), broken);
    const a = store();
    await a.load();
    const result = await a.correct('p1', { kind: 'removeHardware', target: gpu });
    assert.equal(result.ok, false);
    assert.equal(fileText('ana.jsonl'), broken);
  });
});

describe('reviewerFileStem', () => {
  it('keeps a plain name, turns spaces and accents into a file-safe name', () => {
    assert.equal(reviewerFileStem('ana'), 'ana');
    assert.equal(reviewerFileStem('Ana Silva'), 'Ana-Silva');
    assert.equal(reviewerFileStem('José Núñez'), 'Jose-Nunez');
    assert.equal(reviewerFileStem('../etc/passwd'), 'etc-passwd');
  });

  it('gives null for a name with nothing usable', () => {
    assert.equal(reviewerFileStem(''), null);
    assert.equal(reviewerFileStem('  '), null);
    assert.equal(reviewerFileStem('_resolved'), 'resolved');
  });
});
