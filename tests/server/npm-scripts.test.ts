// What `npm install` and `npm start` do on a library's machine: the start does not compile
// what is already compiled, and the install runs only the install scripts the project reviewed.
import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

describe('the npm scripts', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('start compiles when dist/ is missing or older than the sources, and not otherwise', async () => {
    // A project with this package.json and tsconfig.json whose only source prints how it was started.
    const project = mkdtempSync(join(tmpdir(), 'r2b-start-'));
    made.push(project);
    for (const file of ['package.json', 'tsconfig.json']) copyFileSync(join(ROOT, file), join(project, file));
    symlinkSync(join(ROOT, 'node_modules'), join(project, 'node_modules'));
    mkdirSync(join(project, 'src'));
    const source = join(project, 'src/cli.ts');
    writeFileSync(source, "console.log(['started', ...process.argv.slice(2)].join(' '));\n");
    const start = () => run('npm', ['start', '--silent'], { cwd: project });

    expect((await start()).stdout).toBe('started serve --demo\n');
    expect(existsSync(join(project, 'dist/cli.js'))).toBe(true);

    // A source the build is newer than is not compiled again: were it, its type error would stop the start.
    writeFileSync(source, "const broken: number = 'not a number';\nconsole.log(broken);\n");
    const built = Date.now() / 1000 - 3600;
    utimesSync(source, built, built);
    expect((await start()).stdout).toBe('started serve --demo\n');

    // Once the source is newer than the build, it is compiled, and its error said.
    const now = Date.now() / 1000;
    utimesSync(source, now, now);
    await expect(start()).rejects.toMatchObject({ stdout: expect.stringContaining('TS2322') });
  });

  it('declare, for every dependency with an install script, whether it may run', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([path, entry]) => path !== '' && entry.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(withScripts.length).toBeGreaterThan(0);
    const declared = Object.keys(pkg.allowScripts ?? {});
    for (const name of withScripts) expect(declared, name).toContain(name);
    // better-sqlite3 has no database without its native binding; wrangler's tests need workerd and esbuild.
    expect(pkg.allowScripts).toMatchObject({ 'better-sqlite3': true, workerd: true, esbuild: true });
  });
});
