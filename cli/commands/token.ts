import type { Command } from 'commander';
import { issueToken } from '../../api/auth/index.ts';
import { keyDirectory } from '../config.ts';
import { localAuthority } from '../local-tokens.ts';

const list = (value: string): string[] =>
  value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

interface TokenOptions {
  readonly sub: string;
  readonly roles: string;
  readonly tenants: string;
  readonly ttl: string;
}

export function tokenCommand(program: Command): void {
  program
    .command('token')
    .description("issue a bearer token for the API from this installation's local signing key")
    .requiredOption('--sub <subject>', 'who the token speaks for (the reviewer of a human decision)')
    .requiredOption(
      '--roles <roles>',
      'comma-separated: API roles (read, ingest, review, operate) and actor roles',
    )
    .requiredOption('--tenants <tenants>', 'comma-separated tenants the token reaches; * for all')
    .option('--ttl <span>', 'lifetime, e.g. 15m, 8h, 7d', '8h')
    .addHelpText(
      'after',
      [
        '',
        `Signed with SWARMGATE_KEY_DIR/api-tokens.pem (created 0600 on first use; npm start uses the same key).`,
        'An API serving a bank takes its tokens from the identity provider instead (SWARMGATE_AUTH_*).',
        '',
        'Example:',
        '  swarmgate token --sub alice --roles compliance-reviewer,review --tenants retail-eu --ttl 8h',
      ].join('\n'),
    )
    .action(async (options: TokenOptions) => {
      const local = localAuthority(keyDirectory());
      if (local.created)
        console.error(`created the local token signing key (public key: ${local.publicKeyPath})`);
      const token = await issueToken(local.authority, {
        subject: options.sub,
        roles: list(options.roles),
        tenants: list(options.tenants),
        ttl: options.ttl,
      });
      console.log(token);
    });
}
