import { strict as assert } from 'node:assert';
import { spawn, spawnSync } from 'node:child_process';
import {
  constants,
  closeSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  realpathSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UserFileError, appendToFile, readUserFile, realPathInside, resolveRealPath, writeFileAtomically } from '../../src/files';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'litdigest-files-'));
}

function fifo(dir: string, name = 'pipe.txt'): string {
  const path = join(dir, name);
  const made = spawnSync('mkfifo', [path]);
  assert.equal(made.status, 0, `mkfifo is needed for this test (coreutils): ${made.error?.message ?? made.stderr}`);
  return path;
}

async function rejection(promise: Promise<unknown>): Promise<UserFileError> {
  try {
    await promise;
  } catch (e) {
    assert.ok(e instanceof UserFileError, `expected a UserFileError, got ${e}`);
    return e;
  }
  assert.fail('expected a rejection');
}

const tempFilesIn = (dir: string) => readdirSync(dir).filter((n) => n.includes('.litdigest-') || n.endsWith('.tmp'));

describe('readUserFile', () => {
  it('reads a regular file, also through a symlink', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'a.txt'), 'Title\nAbstract.');
    symlinkSync(join(dir, 'a.txt'), join(dir, 'link.txt'));
    assert.equal(dec(await readUserFile(join(dir, 'a.txt'))), 'Title\nAbstract.');
    assert.equal(dec(await readUserFile(join(dir, 'link.txt'))), 'Title\nAbstract.');
  });

  it('reads an empty file as no bytes', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'empty.txt'), '');
    assert.equal((await readUserFile(join(dir, 'empty.txt'))).length, 0);
  });

  it('refuses a FIFO at once, naming it, instead of waiting for a writer', async () => {
    const path = fifo(tempDir());
    const started = Date.now();
    const e = await rejection(readUserFile(path, { timeoutMs: 5000 }));
    assert.equal(e.kind, 'not-a-file');
    assert.match(e.message, /named pipe \(FIFO\)/);
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
  });

  it('refuses /dev/zero and a symlink to it as a character device, without reading it', async () => {
    const dir = tempDir();
    symlinkSync('/dev/zero', join(dir, 'zero.txt'));
    for (const path of ['/dev/zero', join(dir, 'zero.txt')]) {
      const e = await rejection(readUserFile(path));
      assert.equal(e.kind, 'not-a-file');
      assert.match(e.message, /character device/);
    }
  });

  it('refuses a folder and a socket-like non-file by kind, and a missing file as missing', async () => {
    const dir = tempDir();
    assert.match((await rejection(readUserFile(dir))).message, /is a folder/);
    const missing = await rejection(readUserFile(join(dir, 'nope.txt')));
    assert.equal(missing.kind, 'missing');
    assert.match(missing.message, /nope\.txt does not exist/);
  });

  it('refuses a file over the size limit with its size and the limit in the message', async () => {
    const dir = tempDir();
    const path = join(dir, 'big.txt');
    writeFileSync(path, '');
    truncateSync(path, 31 * 1024 * 1024); // sparse: costs no disk
    const e = await rejection(readUserFile(path));
    assert.equal(e.kind, 'too-large');
    assert.match(e.message, /big\.txt is 31 MB; LitDigest reads digests up to 20 MB/);
    writeFileSync(join(dir, 'small.txt'), '12345');
    assert.equal((await rejection(readUserFile(join(dir, 'small.txt'), { maxBytes: 4 }))).kind, 'too-large');
    assert.equal((await readUserFile(join(dir, 'small.txt'), { maxBytes: 5 })).length, 5);
  });

  it('rejects at the deadline when the read is stuck, and never blocks the caller', async function () {
    this.timeout(10000);
    // Every libuv thread stuck in a blocking FIFO open: any file read now waits, as on a hung network drive.
    const dir = tempDir();
    const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
    const pipes = Array.from({ length: threads }, (_, i) => fifo(dir, `stuck${i}`));
    const stuck = pipes.map((p) => fsp.open(p, 'r'));
    writeFileSync(join(dir, 'plain.txt'), 'Title\nAbstract.');
    try {
      const started = Date.now();
      const e = await rejection(readUserFile(join(dir, 'plain.txt'), { timeoutMs: 300 }));
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /plain\.txt did not finish reading within 0\.3 s/);
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
    } finally {
      // A writer on each pipe releases the stuck threads.
      const writers = pipes.map((p) => openSync(p, constants.O_RDWR));
      for (const handle of await Promise.all(stuck)) await handle.close();
      for (const fd of writers) closeSync(fd);
    }
  });
});

describe('appendToFile', () => {
  it('appends what compose returns, given the bytes already there; null appends nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'refs.bib');
    writeFileSync(path, '@misc{a}\n');
    const seen: string[] = [];
    const result = await appendToFile(path, (existing) => {
      seen.push(dec(existing));
      return enc('@misc{b}\n');
    });
    assert.deepEqual(result, { appended: true, bytes: 9, created: false });
    assert.deepEqual(seen, ['@misc{a}\n']);
    assert.deepEqual(await appendToFile(path, () => null), { appended: false, bytes: 0, created: false });
    assert.equal(readFileSync(path, 'utf8'), '@misc{a}\n@misc{b}\n');
  });

  it('composes again when the file grew between reading and appending', async () => {
    const dir = tempDir();
    const path = join(dir, 'refs.bib');
    writeFileSync(path, 'one\n');
    const seen: string[] = [];
    await appendToFile(path, (existing) => {
      seen.push(dec(existing));
      // Another writer, between our read and our append.
      if (seen.length === 1) writeFileSync(path, 'theirs\n', { flag: 'a' });
      return enc('ours\n');
    });
    assert.deepEqual(seen, ['one\n', 'one\ntheirs\n']);
    assert.equal(readFileSync(path, 'utf8'), 'one\ntheirs\nours\n');
  });

  it('loses none of the lines another process appends meanwhile, and the file is never missing', async function () {
    this.timeout(30000);
    const dir = tempDir();
    const path = join(dir, 'refs.bib');
    writeFileSync(path, '');
    const script = `const fs=require('fs');for(let i=0;i<1000;i++){fs.appendFileSync(${JSON.stringify(path)},'other '+i+'\\n');if(i%20===0)Atomics.wait(new Int32Array(new SharedArrayBuffer(4)),0,0,2)}`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const exited = new Promise<number | null>((done) => child.on('exit', done));
    let missing = 0;
    const poller = setInterval(() => {
      if (!existsSync(path)) missing++;
    }, 1);
    try {
      while (!readFileSync(path, 'utf8').includes('other 0')) await new Promise((r) => setTimeout(r, 1));
      for (let i = 0; i < 50; i++) {
        await appendToFile(path, (existing) => (dec(existing).includes(`ours ${i}\n`) ? null : enc(`ours ${i}\n`)));
        await new Promise((r) => setTimeout(r, 2));
      }
      assert.equal(await exited, 0);
    } finally {
      clearInterval(poller);
    }
    const lines = new Set(readFileSync(path, 'utf8').split('\n'));
    const lost = [...Array.from({ length: 1000 }, (_, i) => `other ${i}`), ...Array.from({ length: 50 }, (_, i) => `ours ${i}`)].filter((l) => !lines.has(l));
    assert.deepEqual(lost, []);
    assert.equal(missing, 0);
  });

  it('keeps a 0600 file 0600, and the same inode', async () => {
    const dir = tempDir();
    const path = join(dir, 'refs.bib');
    writeFileSync(path, 'x\n', { mode: 0o600 });
    const before = statSync(path);
    await appendToFile(path, () => enc('y\n'));
    const after = statSync(path);
    assert.equal(after.mode & 0o777, 0o600);
    assert.equal(after.ino, before.ino);
  });

  it('keeps a hard link and a symlink as links, the addition visible through every name', async () => {
    const dir = tempDir();
    const real = join(dir, 'real.bib');
    writeFileSync(real, 'x\n');
    linkSync(real, join(dir, 'hard.bib'));
    symlinkSync(real, join(dir, 'soft.bib'));
    await appendToFile(join(dir, 'hard.bib'), () => enc('via hard\n'));
    await appendToFile(join(dir, 'soft.bib'), () => enc('via soft\n'));
    assert.equal(statSync(real).nlink, 2);
    assert.ok(lstatSync(join(dir, 'soft.bib')).isSymbolicLink());
    for (const name of ['real.bib', 'hard.bib', 'soft.bib']) assert.equal(readFileSync(join(dir, name), 'utf8'), 'x\nvia hard\nvia soft\n');
  });

  it('creates a missing file only when asked, and never a missing folder', async () => {
    const dir = tempDir();
    const path = join(dir, 'new.bib');
    assert.equal((await rejection(appendToFile(path, () => enc('a\n')))).kind, 'missing');
    assert.ok(!existsSync(path));
    assert.deepEqual(await appendToFile(path, () => enc('a\n'), { create: true }), { appended: true, bytes: 2, created: true });
    assert.equal(readFileSync(path, 'utf8'), 'a\n');
    const deep = join(dir, 'no', 'such', 'refs.bib');
    const e = await rejection(appendToFile(deep, () => enc('a\n'), { create: true }));
    assert.match(e.message, /folder of .*refs\.bib does not exist/);
    assert.ok(!existsSync(join(dir, 'no')));
  });

  it('fails on a folder or a FIFO in place of the file, leaving no temporary file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'refs.bib'));
    const folder = await rejection(appendToFile(join(dir, 'refs.bib'), () => enc('a\n'), { create: true }));
    assert.equal(folder.kind, 'not-a-file');
    const pipe = fifo(dir, 'pipe.bib');
    const started = Date.now();
    assert.match((await rejection(appendToFile(pipe, () => enc('a\n')))).message, /named pipe/);
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(tempFilesIn(dir), []);
  });

  it('fails on an immutable file (chattr +i where the file system allows it) with no temporary file', async function () {
    const dir = tempDir();
    const path = join(dir, 'locked.bib');
    writeFileSync(path, 'x\n');
    const locked = spawnSync('chattr', ['+i', path]);
    try {
      if (locked.status === 0) {
        const e = await rejection(appendToFile(path, () => enc('y\n')));
        assert.match(e.message, /locked\.bib/);
      } else {
        // tmpfs and overlayfs refuse chattr: a read-only descriptor error is the same path through the code.
        mkdirSync(join(dir, 'ro.bib'));
        assert.equal((await rejection(appendToFile(join(dir, 'ro.bib'), () => enc('y\n')))).kind, 'not-a-file');
      }
      assert.equal(readFileSync(path, 'utf8'), 'x\n');
      assert.deepEqual(tempFilesIn(dir), []);
    } finally {
      spawnSync('chattr', ['-i', path]);
    }
  });
});

describe('writeFileAtomically', () => {
  it('replaces the content, keeps the mode, leaves no temporary file', async () => {
    const dir = tempDir();
    const path = join(dir, 'cache.jsonl');
    writeFileSync(path, 'old', { mode: 0o600 });
    await writeFileAtomically(path, enc('new'));
    assert.equal(readFileSync(path, 'utf8'), 'new');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(tempFilesIn(dir), []);
  });

  it('creates a new file, and keeps a symlink a symlink', async () => {
    const dir = tempDir();
    await writeFileAtomically(join(dir, 'fresh.txt'), enc('a'));
    assert.equal(readFileSync(join(dir, 'fresh.txt'), 'utf8'), 'a');
    symlinkSync(join(dir, 'fresh.txt'), join(dir, 'link.txt'));
    await writeFileAtomically(join(dir, 'link.txt'), enc('b'));
    assert.ok(lstatSync(join(dir, 'link.txt')).isSymbolicLink());
    assert.equal(readFileSync(join(dir, 'fresh.txt'), 'utf8'), 'b');
  });

  it('never lets a reader see the file missing or partial while it is replaced', async () => {
    const dir = tempDir();
    const path = join(dir, 'cache.jsonl');
    const full = (i: number) => `${String(i).padStart(4, '0')}${'x'.repeat(100_000)}`;
    writeFileSync(path, full(0));
    let bad = 0;
    const poller = setInterval(() => {
      try {
        if (readFileSync(path, 'utf8').length !== full(0).length) bad++;
      } catch {
        bad++;
      }
    }, 0);
    try {
      for (let i = 1; i <= 50; i++) await writeFileAtomically(path, enc(full(i)));
    } finally {
      clearInterval(poller);
    }
    assert.equal(bad, 0);
    assert.equal(readFileSync(path, 'utf8'), full(50));
  });

  it('fails in a missing folder or over a folder, leaving no temporary file', async () => {
    const dir = tempDir();
    assert.equal((await rejection(writeFileAtomically(join(dir, 'no', 'x.jsonl'), enc('a')))).kind, 'missing');
    mkdirSync(join(dir, 'taken'));
    assert.equal((await rejection(writeFileAtomically(join(dir, 'taken'), enc('a')))).kind, 'not-a-file');
    assert.deepEqual(tempFilesIn(dir), []);
  });
});

describe('realPathInside', () => {
  it('gives the real path of a file inside a root, also one not created yet', async () => {
    const dir = realpathSync(tempDir());
    writeFileSync(join(dir, 'a.bib'), '');
    assert.equal(await realPathInside(join(dir, 'a.bib'), [dir]), join(dir, 'a.bib'));
    assert.equal(await realPathInside(join(dir, 'sub', 'b.bib'), [dir]), join(dir, 'sub', 'b.bib'));
    assert.equal(await realPathInside(dir, [dir]), dir);
  });

  it('is null for a symlink inside the root that points out of it, and for .. paths', async () => {
    const root = realpathSync(tempDir());
    const outside = realpathSync(tempDir());
    writeFileSync(join(outside, 'secret.bib'), '');
    symlinkSync(join(outside, 'secret.bib'), join(root, 'link.bib'));
    assert.equal(await realPathInside(join(root, 'link.bib'), [root]), null);
    assert.equal(await realPathInside(join(root, '..', 'elsewhere.bib'), [root]), null);
    // A sibling whose name starts with the root's name is not inside it.
    assert.equal(await realPathInside(`${root}-other/x.bib`, [root]), null);
  });

  it('resolves a root that is itself a symlink', async () => {
    const real = realpathSync(tempDir());
    const alias = join(realpathSync(tempDir()), 'alias');
    symlinkSync(real, alias);
    writeFileSync(join(real, 'a.bib'), '');
    assert.equal(await realPathInside(join(real, 'a.bib'), [alias]), join(real, 'a.bib'));
    assert.equal(await resolveRealPath(join(alias, 'a.bib')), join(real, 'a.bib'));
  });
});
