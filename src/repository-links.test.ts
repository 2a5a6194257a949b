import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The repository stands alone: a clone of it is all a reader has. Every relative path a file names (a Markdown link,
 * an import, a path in a comment) must lead to a file inside the repository that exists.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const TEXT = /\.(md|ts|tsx|js|json|css|html|yml|yaml|sh|txt)$|(^|\/)run$/;

function repositoryFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((file) => file && TEXT.test(file) && file !== 'package-lock.json' && existsSync(path.join(ROOT, file)));
}

/** Relative paths a file names: any run of parent-directory steps (or a dot-slash) and a path, and Markdown links. */
function namedPaths(file: string, text: string): string[] {
  const found = [...text.matchAll(/(?<![\w/.])((?:\.\.\/)+|\.\/)[\w@.-]+(?:\/[\w@.-]+)*/g)].map((m) => m[0]);
  if (file.endsWith('.md')) {
    for (const match of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = match[1] ?? '';
      if (/^([a-z]+:|#|\/)/.test(target)) continue;
      found.push(target.split('#')[0] ?? '');
    }
  }
  return found.filter((p) => p !== '' && p !== './' && p !== '../');
}

function problemsOf(file: string): string[] {
  return problemsIn(file, readFileSync(path.join(ROOT, file), 'utf8'));
}

function problemsIn(file: string, text: string): string[] {
  const problems: string[] = [];
  for (const named of namedPaths(file, text)) {
    const resolved = path.resolve(ROOT, path.dirname(file), named.replace(/[.,:;]+$/, ''));
    if (resolved !== ROOT && !resolved.startsWith(`${ROOT}${path.sep}`)) {
      problems.push(`${file}: "${named}" leads outside the repository`);
    } else if (path.extname(resolved) !== '' && !existsSync(resolved)) {
      problems.push(`${file}: "${named}" names a file that does not exist`);
    }
  }
  return problems;
}

describe('the repository stands alone', () => {
  it('no file names a path outside the repository, and every relative path it names exists', () => {
    const files = repositoryFiles();
    expect(files.length).toBeGreaterThan(100);
    expect(files.flatMap(problemsOf)).toEqual([]);
  });

  it('the check finds a path that leaves the repository, and one that names a missing file', () => {
    // Spelled in pieces so that this file itself names no such path.
    const outside = ['..', 'team', 'STYLE.md'].join('/');
    const missing = ['.', 'docs', 'missing.md'].join('/');
    expect(problemsIn('README.md', `see \`${outside}\` and [the spec](${missing})`)).toEqual([
      `README.md: "${outside}" leads outside the repository`,
      `README.md: "${missing}" names a file that does not exist`,
      `README.md: "${missing}" names a file that does not exist`,
    ]);
    expect(problemsIn('src/a/b.ts', `import x from '${['..', 'main.ts'].join('/')}';`)).toEqual([]);
  });
});
