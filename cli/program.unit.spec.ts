import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commands, listCommands, newProgram, programFor, type Register } from './program.ts';
import { packageVersion } from './version.ts';

const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('the swarmgate program', () => {
  it('prints the overview from its list exactly as the command modules register it', async () => {
    const registered = newProgram();
    for (const register of new Set<Register>(await Promise.all(commands.map((listed) => listed.load()))))
      register(registered);
    expect(listCommands(newProgram()).helpInformation()).toBe(registered.helpInformation());
  });

  it('loads only the module of the command it runs, and the overview otherwise', async () => {
    const names = async (...args: string[]) => (await programFor(args)).commands.map((c) => c.name());
    expect(await names('gate', '--help')).toEqual(['gate']);
    expect(await names('help', 'kill')).toEqual(['kill', 'resume']);
    expect(await names('--help')).toHaveLength(commands.length);
    expect(await names('no-such-command')).toHaveLength(commands.length);
  });

  it("has the package's version", () => {
    expect(packageVersion()).toBe(version);
    expect(newProgram().version()).toBe(version);
  });
});
