// Which agents run, with what risk class and clearance, whether a kill switch holds them, and
// how they have done (from the projector). Senders that never announced themselves (upstream
// systems, the case desk) are listed apart with their statistics. The statistics count every
// tenant's traffic, so this is operator data: role `operate`.
import { agentStats, type AgentStats } from '../../projector/index.ts';
import type { ApiApp, ApiContext } from '../http/context.ts';

export function agentRoutes(app: ApiApp, { db, schema, inventory }: ApiContext): void {
  app.get(
    '/agents',
    {
      config: { access: 'operate' },
      schema: { tags: ['agents'], summary: 'The live agent inventory with statistics' },
    },
    async () => {
      const stats = new Map<string, AgentStats>((await agentStats(db, schema)).map((s) => [s.agent, s]));
      const agents = inventory.agents().map((agent) => ({ ...agent, stats: stats.get(agent.name) ?? null }));
      const registered = new Set(agents.map((agent) => agent.name));
      const unregistered = [...stats.values()].filter((s) => !registered.has(s.agent));
      return { agents, unregistered, inventory: inventory.health() };
    },
  );
}
