import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Commands } from '../../src/commands';
import { CITING_LANGUAGES } from '../../src/core/languages';
import { SHIPPED_STYLES } from '../../src/core/styles';
import { WALKTHROUGH_ID } from '../../src/core/walkthrough';
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
      'litdigest.citationStyle',
      'litdigest.digests',
      'litdigest.taxonomyFile',
    ]);
  });

  it('contributes the Markdown preview plugin and its stylesheet, which ships', () => {
    assert.equal(manifest.contributes['markdown.markdownItPlugins'], true);
    for (const style of manifest.contributes['markdown.previewStyles']) assert.ok(existsSync(join(repoRoot, style)), style);
  });

  it('offers every shipped CSL style in litdigest.citationStyle, and each file exists', () => {
    const names = manifest.contributes.configuration.properties['litdigest.citationStyle'].anyOf[0].enum;
    assert.deepEqual(names, Object.keys(SHIPPED_STYLES));
    for (const file of Object.values(SHIPPED_STYLES)) assert.ok(existsSync(join(repoRoot, 'media', 'csl', file)), file);
  });

  describe('walkthroughs', () => {
    interface Step {
      id: string;
      description: string;
      media: Record<string, unknown>;
      completionEvents?: string[];
    }
    const walkthroughs = (manifest.contributes.walkthroughs ?? []) as { id: string; steps: Step[] }[];
    const steps = walkthroughs.flatMap((w) => w.steps);
    const commandIds = new Set<string>(Object.values(Commands));
    const viewIds = new Set<string>(Object.values(manifest.contributes.views as Record<string, { id: string }[]>).flatMap((views) => views.map((v) => v.id)));
    const settings = new Set(Object.keys(manifest.contributes.configuration.properties));

    it('declares the Getting Started walkthrough the extension opens, with its steps in order under stable ids', () => {
      assert.deepEqual(
        walkthroughs.map((w) => w.id),
        [WALKTHROUGH_ID],
      );
      assert.deepEqual(
        steps.map((s) => s.id),
        ['browse', 'search', 'cite', 'ownLibrary'],
      );
    });

    it('gives every step a media file that exists, is small, and ships (under media/)', () => {
      for (const step of steps) {
        const paths = Object.entries(step.media)
          .filter(([kind]) => kind === 'markdown' || kind === 'svg' || kind === 'image')
          .flatMap(([, path]) => (typeof path === 'string' ? [path] : Object.values(path as Record<string, string>)));
        assert.ok(paths.length > 0, `${step.id} has no markdown, svg or image media`);
        for (const path of paths) {
          assert.match(path, /^media\/walkthrough\//, `${step.id}: ${path} is not under media/walkthrough/, which .vscodeignore ships`);
          assert.ok(existsSync(join(repoRoot, path)), `${step.id}: ${path} does not exist`);
          assert.ok(statSync(join(repoRoot, path)).size < 50_000, `${step.id}: ${path} is over 50 kB`);
        }
      }
    });

    it('completes each step on an event naming a contributed command, a declared view or a declared setting', () => {
      for (const step of steps) {
        assert.ok(step.completionEvents?.length, `${step.id} has no completion events, so VS Code would tick it when it is merely selected`);
        for (const event of step.completionEvents) {
          const [kind, name] = [event.slice(0, event.indexOf(':')), event.slice(event.indexOf(':') + 1)];
          if (kind === 'onCommand') assert.ok(commandIds.has(name), `${step.id}: ${event} names no contributed command`);
          else if (kind === 'onView') assert.ok(viewIds.has(name), `${step.id}: ${event} names no declared view`);
          else if (kind === 'onSettingChanged') assert.ok(settings.has(name), `${step.id}: ${event} names no declared setting`);
          else assert.fail(`${step.id}: ${event} is not an onCommand, onView or onSettingChanged event`);
        }
      }
    });

    it('completes browse on the Papers view, search and cite on their commands, and own library on the digests setting', () => {
      assert.deepEqual(Object.fromEntries(steps.map((s) => [s.id, s.completionEvents])), {
        browse: ['onView:litdigest.papers'],
        search: [`onCommand:${Commands.search}`],
        cite: [`onCommand:${Commands.insertCitation}`],
        ownLibrary: ['onSettingChanged:litdigest.digests'],
      });
    });

    it("links step buttons only to LitDigest's commands, its views' focus commands or the Settings editor on a declared setting", () => {
      for (const step of steps) {
        for (const [, command, query] of step.description.matchAll(/\]\(command:(?:toSide:)?([\w.]+)(?:\?([^)]*))?\)/g)) {
          if (command === 'workbench.action.openSettings') {
            assert.ok(settings.has(JSON.parse(decodeURIComponent(query ?? '""'))), `${step.id}: opens the settings on ${query}`);
          } else {
            const view = command.endsWith('.focus') ? command.slice(0, -'.focus'.length) : undefined;
            assert.ok(commandIds.has(command) || (view && viewIds.has(view)), `${step.id}: links to ${command}, which LitDigest does not contribute`);
          }
        }
      }
      const links = steps.map((s) => [s.id, [...s.description.matchAll(/\(command:(?:toSide:)?([\w.]+)/g)].map((m) => m[1])]);
      assert.deepEqual(Object.fromEntries(links), {
        browse: ['litdigest.papers.focus'],
        search: [Commands.search],
        cite: [Commands.openDraft],
        ownLibrary: ['workbench.action.openSettings'],
      });
    });

    it('keeps Open a Markdown Draft, a walkthrough button, out of the Command Palette', () => {
      const entry = manifest.contributes.menus.commandPalette.find((m: { command: string }) => m.command === Commands.openDraft);
      assert.equal(entry?.when, 'false');
    });
  });
});
