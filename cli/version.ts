// The version of the swarmgate package: from the nearest package.json above this module, which is
// the package's own whether the CLI runs from its sources (cli/) or compiled (dist/cli/).
import { existsSync, readFileSync } from 'node:fs';

export function packageVersion(from: URL = new URL('.', import.meta.url)): string {
  for (let dir = from; ; dir = new URL('..', dir)) {
    const file = new URL('package.json', dir);
    if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    if (new URL('..', dir).href === dir.href) throw new Error(`no package.json above ${from.href}`);
  }
}
