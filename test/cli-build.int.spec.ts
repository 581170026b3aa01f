// The compiled CLI, as `npm ci` builds it (its `prepare` script runs `npm run build`) and the
// `swarmgate` bin and `npm start` run it: plain node, no TypeScript compiled at start.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: { swarmgate: string };
};
const bin = join(root, pkg.bin.swarmgate);

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the bin file itself (its shebang, its mode), with nothing configured. */
function swarmgate(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(bin, args, { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
    );
  });
}

function builtFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.js'))
    .map((file) => join(dir, file));
}

describe('the built CLI', () => {
  beforeAll(() => {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  }, 180_000);

  it('prints the package version', async () => {
    expect(await swarmgate('--version')).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('prints the overview of every command', async () => {
    const help = await swarmgate('--help');
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/^Usage: swarmgate \[options\] \[command\]/);
    expect(help.stdout).toContain('-V, --version');
    for (const command of ['up [options]', 'gate [options]', 'agent [options] <name>', 'audit', 'token'])
      expect(help.stdout).toContain(`\n  ${command}`);
  });

  it("prints a command's own help, loading its modules and the files they read", async () => {
    for (const command of ['up', 'agent', 'gate', 'api']) {
      const help = await swarmgate(command, '--help');
      expect(help.stderr).toBe('');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(new RegExp(`^Usage: swarmgate ${command} `));
    }
  });

  it('has beside its modules every file they read relative to themselves', () => {
    const dist = join(root, 'dist');
    const read: string[] = [];
    for (const file of builtFiles(dist)) {
      for (const [, relative] of readFileSync(file, 'utf8').matchAll(
        /new URL\('([^']+)', import\.meta\.url\)/g,
      )) {
        const target = fileURLToPath(new URL(relative!, `file://${file}`));
        read.push(target.slice(dist.length + 1));
        expect(existsSync(target), `${target}, read by ${file}`).toBe(true);
      }
    }
    expect(read).toEqual(
      expect.arrayContaining(['schemas/avro', 'orchestrator/policies.yaml', 'agents/models.yaml']),
    );
  });
});
