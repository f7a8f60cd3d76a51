import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../src/commands';
import { CITING_LANGUAGES } from '../../src/core/languages';
import { repoRoot } from './seedFiles';

const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('declares exactly the commands of commands.ts, each in the LitDigest category', () => {
    const declared = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(declared, Object.values(Commands).sort());
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'LitDigest', c.command);
  });

  it('only names declared commands in menus', () => {
    const ids = new Set(Object.values(Commands));
    for (const [menu, items] of Object.entries(manifest.contributes.menus as Record<string, { command: string }[]>)) {
      for (const item of items) assert.ok(ids.has(item.command as never), `${menu}: ${item.command}`);
    }
  });

  it('binds Insert Citation in exactly the citing languages of core/languages.ts', () => {
    const binding = manifest.contributes.keybindings.find((k: { command: string }) => k.command === Commands.insertCitation);
    const ids = /editorLangId =~ \/\^\(([\w|]+)\)\$\//.exec(binding.when)?.[1].split('|');
    assert.deepEqual(ids?.sort(), CITING_LANGUAGES.map((l) => l.id).sort());
  });

  it('activates on every language whose keys it completes, hovers and checks', () => {
    const languages = manifest.activationEvents.filter((e: string) => e.startsWith('onLanguage:')).map((e: string) => e.slice('onLanguage:'.length));
    assert.deepEqual(
      languages.sort(),
      CITING_LANGUAGES.filter((l) => l.resolvesKeys)
        .map((l) => l.id)
        .sort(),
    );
  });

  it('activates lazily, never on *', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
  });

  it('accepts the VS Code of the offline harness (engines no newer than ^1.95.0, @types/vscode no newer)', () => {
    assert.equal(manifest.engines.vscode, '^1.95.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.95.0');
  });

  it('declares every setting under litdigest. with a description, and restricts file settings in untrusted workspaces', () => {
    const properties = manifest.contributes.configuration.properties;
    for (const [name, spec] of Object.entries(properties as Record<string, { markdownDescription?: string }>)) {
      assert.ok(name.startsWith('litdigest.'), name);
      assert.ok(spec.markdownDescription, name);
    }
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.sort(), [
      'litdigest.bibliographyFile',
      'litdigest.digests',
      'litdigest.taxonomyFile',
    ]);
  });
});
