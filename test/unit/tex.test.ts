import { strict as assert } from 'node:assert';
import { plainText } from '../../src/core/sources/tex';

describe('plainText', () => {
  it('leaves plain text alone', () => {
    assert.equal(plainText('GPT-4o: 100% of $x$'), 'GPT-4o: 100% of $x$');
  });

  it('turns letters written as commands into letters, as arXiv listings write them', () => {
    assert.equal(plainText('\\LaTeX, \\item and \\o{} only'), '\\LaTeX, \\item and \u00f8 only');
    assert.equal(
      plainText('\\Lukasz Micha\\l Dalsb\\o Balk\\ir Ru\\djer Pr\\kadzy\u0144ski Przewi\\ke\u017alikowski', true),
      '\u0141ukasz Micha\u0142 Dalsb\u00f8 Balk\u0131r Ru\u0111er Pr\u0105dzy\u0144ski Przewi\u0119\u017alikowski',
    );
  });

  it('removes TeX accents, commands, escapes and case braces', () => {
    assert.equal(plainText('Schmidhuber, J{\\"u}rgen and Carri{\\\'o}n'), 'Schmidhuber, Jürgen and Carrión');
    assert.equal(plainText('{{GPT-4o}} \\& \\emph{friends}~100\\%'), 'GPT-4o & friends 100%');
  });
});
