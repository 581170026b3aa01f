// The least-privilege Kafka ACLs of one installation (topic prefix), per component principal.
// The broker's authorizer denies everything else (allow.everyone.if.no.acl.found=false), so this
// table is what each component can do. Group and transactional ids follow the components:
// gate and agents take them from gateGroupId/agentGroupId, the rest are the names they use.
import { setTimeout as delay } from 'node:timers/promises';
import kafkajs, { type AclEntry, type Admin } from 'kafkajs';
import { agentGroupId } from '../agents/runtime/index.ts';
import { replayGroupPrefix } from '../bus/kafka/replay.ts';
import type { TopicNames } from '../bus/topics.ts';
import { gateGroupId } from '../orchestrator/gate/index.ts';
import { projectorGroupPrefix } from '../projector/consumer.ts';
import { registryCheckGroup } from '../registry/index.ts';
import { checkpointsTopic } from '../projector/checkpoint-topic.ts';
import { ConfigError } from './config.ts';

export const componentRoles = ['gate', 'projector', 'api', 'upstream', 'operator'] as const;
export type ComponentRole = (typeof componentRoles)[number];

export type AclResource = 'topic' | 'group' | 'transactional-id';
export type AclOperation = 'READ' | 'WRITE' | 'DESCRIBE' | 'CREATE' | 'DELETE';

export interface AclGrant {
  readonly principal: string;
  readonly resource: AclResource;
  readonly pattern: 'literal' | 'prefixed';
  readonly name: string;
  readonly operations: readonly AclOperation[];
  readonly why: string;
}

type Grant = Omit<AclGrant, 'principal'>;

const grant =
  (resource: AclResource, pattern: AclGrant['pattern']) =>
  (name: string, operations: readonly AclOperation[], why: string): Grant => ({
    resource,
    pattern,
    name,
    operations,
    why,
  });
const topic = grant('topic', 'literal');
const topics = grant('topic', 'prefixed');
const group = grant('group', 'literal');
const groups = grant('group', 'prefixed');
const transactionalIds = grant('transactional-id', 'prefixed');

// Every replay reads through a throw-away group and deletes it afterwards.
const replays = groups(replayGroupPrefix, ['READ', 'DELETE'], 'replays (throw-away groups)');

function gateGrants(n: TopicNames): Grant[] {
  return [
    topic(n.ingress, ['READ'], 'evaluates upstream events'),
    topic(n.proposed, ['READ'], 'evaluates agent outputs and human decisions'),
    topic(n.registry, ['READ'], 'agent directory'),
    topic(n.control, ['READ'], 'kill switches'),
    topic(n.decisions, ['WRITE'], 'the only writer of decisions'),
    topic(
      n.gateState,
      ['READ', 'WRITE'],
      'its state per partition: restored on assignment, written with its outputs',
    ),
    topic(n.gateRepartition, ['READ', 'WRITE'], 'the only writer: rate counts it carries are the gate’s own'),
    topics(n.inbox(''), ['WRITE'], 'the only writer of inboxes'),
    topic(n.dlq, ['WRITE'], 'dead letters'),
    group(gateGroupId(n), ['READ'], 'the gates’ consumer group'),
    groups('gate-directory-', ['READ'], 'follows registry and control (orchestrator/gate/gate.ts)'),
    group(registryCheckGroup(n), ['READ'], 'dead-letters untrusted registry and control records'),
    replays,
    transactionalIds(`${gateGroupId(n)}.`, ['WRITE'], 'one transaction per partition number'),
    transactionalIds(
      `${registryCheckGroup(n)}.`,
      ['WRITE'],
      'a dead letter and its offsets in one transaction',
    ),
  ];
}

function agentGrants(n: TopicNames, agent: string): Grant[] {
  return [
    topic(n.inbox(agent), ['READ'], 'its own inbox only'),
    topic(
      n.agentState(agent),
      ['READ', 'WRITE'],
      'its state per inbox partition: restored on assignment, written with its outputs',
    ),
    topic(n.proposed, ['WRITE'], 'proposes its outputs'),
    topic(n.registry, ['WRITE'], 'requests its registration (grants nothing until an operator signs)'),
    topic(n.control, ['READ'], 'fallback drills'),
    topic(n.agentDlq(agent), ['WRITE'], 'its own dead letters only'),
    topic(n.ingress, ['DESCRIBE'], 'metadata only: the start-up topic check'),
    topic(n.decisions, ['DESCRIBE'], 'metadata only: the start-up topic check'),
    group(agentGroupId(n, agent), ['READ'], 'its consumer group'),
    groups(`${n.control}.drill.${agent}.`, ['READ'], 'drill follower (agents/runtime/drill.ts)'),
    replays,
    transactionalIds(`${agentGroupId(n, agent)}.`, ['WRITE'], 'one transaction per inbox partition'),
  ];
}

function projectorGrants(n: TopicNames): Grant[] {
  const checkpoints = checkpointsTopic(n);
  return [
    topic(n.decisions, ['READ'], 'projects decisions'),
    topic(checkpoints, ['READ', 'WRITE', 'CREATE'], 'publishes signed audit checkpoints'),
    topic(n.dlq, ['WRITE'], 'dead letters'),
    groups(projectorGroupPrefix(n), ['READ'], 'one group per schema and group'),
    replays,
  ];
}

function apiGrants(n: TopicNames): Grant[] {
  return [
    topic(n.ingress, ['WRITE'], 'POST /events'),
    topic(n.proposed, ['WRITE'], 'human decisions (signed by the case desk)'),
    topic(n.registry, ['READ', 'WRITE'], 'agent inventory; requests the case desk’s registration'),
    topic(n.control, ['READ'], 'agent inventory'),
    groups('api-inventory-', ['READ'], 'follows registry and control (api/inventory.ts)'),
    replays,
  ];
}

function upstreamGrants(n: TopicNames): Grant[] {
  return [topic(n.ingress, ['WRITE'], 'publishes banking events')];
}

function operatorGrants(n: TopicNames): Grant[] {
  const everyTopic = n.decisions.slice(0, -'decisions'.length); // `<prefix>sg.`
  return [
    topics(
      everyTopic,
      ['READ'],
      'audit, replay, status; decide follows its effect (it records through the API)',
    ),
    topic(n.control, ['WRITE'], 'kill, resume, drill'),
    topic(n.registry, ['WRITE'], 'registrations'),
    topic(n.ingress, ['WRITE'], 'publish, drill'),
    groups('swarmgate-cli-', ['READ'], 'decide and drill wait for the decision'),
    replays,
  ];
}

const roleGrants: Record<ComponentRole, (names: TopicNames) => Grant[]> = {
  gate: gateGrants,
  projector: projectorGrants,
  api: apiGrants,
  upstream: upstreamGrants,
  operator: operatorGrants,
};

export interface AclPrincipals {
  readonly roles: Readonly<Record<ComponentRole, string>>;
  readonly agents: Readonly<Record<string, string>>;
}

/**
 * Principals by role and agent: `User:<name>` unless an override (`gate=User:CN=gate,OU=payments`)
 * says otherwise.
 */
export function aclPrincipals(agents: readonly string[], overrides: readonly string[] = []): AclPrincipals {
  const given = new Map<string, string>();
  for (const entry of overrides) {
    const at = entry.indexOf('=');
    const [name, principal] = [entry.slice(0, at), entry.slice(at + 1)];
    if (at < 1 || !/^User:\S+$/.test(principal))
      throw new ConfigError(`principal "${entry}" must look like <role or agent>=User:<name>`);
    if (!(componentRoles as readonly string[]).includes(name) && !agents.includes(name))
      throw new ConfigError(
        `principal "${entry}": "${name}" is none of ${[...componentRoles, ...agents].join(', ')}`,
      );
    given.set(name, principal);
  }
  const of = (name: string) => given.get(name) ?? `User:${name}`;
  return {
    roles: Object.fromEntries(componentRoles.map((role) => [role, of(role)])) as Record<
      ComponentRole,
      string
    >,
    agents: Object.fromEntries(agents.map((agent) => [agent, of(agent)])),
  };
}

/** Every grant of one installation, component by component. */
export function aclPlan(names: TopicNames, principals: AclPrincipals): AclGrant[] {
  const as = (principal: string, grants: Grant[]) => grants.map((g) => ({ principal, ...g }));
  return [
    ...componentRoles.flatMap((role) => as(principals.roles[role], roleGrants[role](names))),
    ...Object.entries(principals.agents).flatMap(([agent, principal]) =>
      as(principal, agentGrants(names, agent)),
    ),
  ];
}

// kafkajs is CommonJS and its ACL enums are not visible to named ESM imports.
const { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } = kafkajs;

const resourceTypes = {
  topic: AclResourceTypes.TOPIC,
  group: AclResourceTypes.GROUP,
  'transactional-id': AclResourceTypes.TRANSACTIONAL_ID,
} as const;

/** The plan as kafkajs ACL bindings, one per operation. */
export function aclEntries(plan: readonly AclGrant[]): AclEntry[] {
  return plan.flatMap((g) =>
    g.operations.map((operation) => ({
      resourceType: resourceTypes[g.resource],
      resourceName: g.name,
      resourcePatternType:
        g.pattern === 'literal' ? ResourcePatternTypes.LITERAL : ResourcePatternTypes.PREFIXED,
      principal: g.principal,
      host: '*',
      operation: AclOperationTypes[operation],
      permissionType: AclPermissionTypes.ALLOW,
    })),
  );
}

const bindingKey = (
  b: Pick<AclEntry, 'resourceType' | 'resourceName' | 'resourcePatternType' | 'principal' | 'operation'>,
) => [b.resourceType, b.resourceName, b.resourcePatternType, b.principal, b.operation].join('|');

async function visibleBindings(admin: Admin): Promise<Set<string>> {
  const { resources } = await admin.describeAcls({
    resourceType: AclResourceTypes.ANY,
    resourcePatternType: ResourcePatternTypes.ANY,
    operation: AclOperationTypes.ANY,
    permissionType: AclPermissionTypes.ALLOW,
  });
  return new Set(
    resources.flatMap((resource) => resource.acls.map((acl) => bindingKey({ ...resource, ...acl }))),
  );
}

/**
 * Creates the plan's ACLs (creating one that exists changes nothing: idempotent) and returns once
 * the broker authorizes with them: the controller commits them before the broker applies them.
 */
export async function applyAcls(admin: Admin, plan: readonly AclGrant[]): Promise<void> {
  const entries = aclEntries(plan);
  await admin.createAcls({ acl: entries });
  for (let attempt = 1; ; attempt += 1) {
    const visible = await visibleBindings(admin);
    const missing = entries.filter((entry) => !visible.has(bindingKey(entry)));
    if (missing.length === 0) return;
    if (attempt === 100)
      throw new Error(`${missing.length} ACLs were created but the broker does not list them after 10 s`);
    await delay(100);
  }
}

export function aclTable(plan: readonly AclGrant[]): string {
  const rows = plan.map((g) => [
    g.principal,
    g.resource,
    g.pattern === 'prefixed' ? `${g.name}*` : g.name,
    g.operations.join(','),
    g.why,
  ]);
  const header = ['PRINCIPAL', 'RESOURCE', 'NAME', 'OPERATIONS', 'WHY'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
