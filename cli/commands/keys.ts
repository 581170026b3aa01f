import type { Command } from 'commander';
import { loadIdentity } from '../../agents/runtime/keys.ts';
import { keyFingerprintOf } from '../../schemas/signing.ts';
import { keyDirectory } from '../config.ts';
import { initKeys, keyHolders } from '../keys.ts';

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('the Ed25519 keys an installation signs with');
  keys
    .command('init')
    .description('create the missing keys (files 0600 in a 0700 directory) and print every public key')
    .argument('[holders...]', `whose keys (default: ${keyHolders().join(', ')}; the audit key always)`)
    .addHelpText(
      'after',
      [
        '',
        'Idempotent: an existing key is kept and its public key printed again. Keys live in',
        'SWARMGATE_KEY_DIR (default ~/.swarmgate/keys). Outside `swarmgate up` on the embedded defaults,',
        'no process creates a key by itself: each refuses to start until this has run.',
        '',
        'Examples:',
        '  SWARMGATE_KEY_DIR=/var/lib/swarmgate/keys swarmgate keys init',
        '  swarmgate keys init fraud case-desk',
      ].join('\n'),
    )
    .action((holders: string[]) => {
      const keyDir = keyDirectory();
      for (const key of initKeys(keyDir, holders.length > 0 ? holders : keyHolders()))
        console.log(JSON.stringify({ event: 'keys.key', ...key }));
      console.log(JSON.stringify({ event: 'keys.ready', keyDir }));
    });
  keys
    .command('fingerprint')
    .description("print the SHA-256 fingerprint of an agent's (or the case desk's) public key")
    .argument('<name>', 'whose key: SWARMGATE_AGENT_KEY_<NAME>, else SWARMGATE_KEY_DIR/<name>.pem')
    .addHelpText(
      'after',
      [
        '',
        "Run on the agent's host and give the fingerprint to the operator out of band: `swarmgate agents",
        'approve <name> --fingerprint <it>` signs the requested key only if it has this fingerprint.',
        '',
        'Example:',
        '  swarmgate keys fingerprint fraud',
      ].join('\n'),
    )
    .action((name: string) => {
      const { publicKeyPem } = loadIdentity(name, keyDirectory());
      console.log(
        JSON.stringify({ event: 'keys.fingerprint', name, fingerprint: keyFingerprintOf(publicKeyPem) }),
      );
    });
}
