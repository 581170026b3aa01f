import type { Command } from 'commander';
import { startApi } from '../../api/main.ts';
import { caseDeskIdentity, requestCaseDesk } from '../case-desk.ts';
import { kafkaSettings, loadConfig } from '../config.ts';
import { connectKafka, stopOnSignals } from '../connect.ts';
import { operatorKeys } from '../operator.ts';

export function apiCommand(program: Command): void {
  program
    .command('api')
    .description(
      'serve the HTTP API: projections, audit, agent inventory, ingest (POST /events) and human decisions',
    )
    .option('--port <port>', 'port to listen on (default: SWARMGATE_HTTP_PORT or 8080)')
    .addHelpText(
      'after',
      '\nExamples:\n  DATABASE_URL=postgres://app@db/swarmgate swarmgate api --port 8080\n  curl localhost:8080/openapi.json',
    )
    .action(async (options: { port?: string }) => {
      const config = loadConfig();
      const { brokers, registryUrl } = kafkaSettings(config);
      const keys = operatorKeys(config);
      const identity = caseDeskIdentity();
      const { bus, codec, names } = await connectKafka(config, 'swarmgate-case-desk');
      const caseDesk = await requestCaseDesk(bus, codec, names, keys, identity);
      await bus.close();
      if (caseDesk === 'requested')
        console.error(
          'the case desk key is not registered yet; human decisions are denied until an operator runs `swarmgate agents approve case-desk`',
        );
      const api = await startApi({
        brokers,
        registryUrl,
        databaseUrl: config.DATABASE_URL,
        topicPrefix: config.SWARMGATE_TOPIC_PREFIX,
        port: options.port ? Number(options.port) : config.SWARMGATE_HTTP_PORT,
        humanSigner: identity,
        operatorKeys: keys,
      });
      console.log(JSON.stringify({ event: 'api.ready', url: api.url }));
      stopOnSignals(() => api.stop());
    });
}
