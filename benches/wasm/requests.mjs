// The benchmark requests of benches/data/requests.json in the two shapes the engines read:
// as an iam-playground scenario (and a world query) and as iam-simulate's `Simulation`.
//
// A request names a principal, an action, a resource and its account, a request context,
// identity policies, SCPs per organization level (`r-root` or an account id) and an optional
// resource-based policy, with the decision AWS gives. As a scenario:
//
// - the principal's account holds the principal: a user, or a role that the service
//   `ec2.amazonaws.com` may assume, entered with `as ROLE via ec2.amazonaws.com` (a session of
//   the role, which a Principal naming its account matches as it matches the role);
// - identity policies stay inline, except that a policy of more than MANAGED_SPLIT (40)
//   statements becomes customer managed policies of MANAGED_SPLIT statements each, in order,
//   attached to the principal: IAM refuses a user's inline policies over 2,048 characters and
//   a managed policy over 6,144 (whitespace not counted, IAM User Guide, "IAM and AWS STS
//   quotas", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html), so
//   the 200 statements of `big200` are five policies of 40, the one that matches still last;
// - the resource-based policy is the bucket's policy, listed in the resources of the account
//   that owns the resource (a second account when the resource account differs);
// - SCPs make an organization with every account a member and a management account outside
//   the scenario; `FullAWSAccess` is attached everywhere by default (AWS Organizations User
//   Guide, "Service control policies (SCPs)",
//   https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html),
//   so a level's policy equal to it is not repeated, and every other one is attached to its
//   level (`r-root` is `root`);
// - the request context is the call step's `context` (it sets or overrides those keys).
import { readFileSync } from 'node:fs'

export const REQUESTS_FILE = new URL('../data/requests.json', import.meta.url)
export const REQUESTS = JSON.parse(readFileSync(REQUESTS_FILE, 'utf8'))

/** Statements per customer managed policy when a large identity policy is split. */
export const MANAGED_SPLIT = 40

const ROLE_SERVICE = 'ec2.amazonaws.com'
const MANAGEMENT_ACCOUNT = '123456789012'
const DEFAULT_ORG = 'o-bench00001'

/** requests.json's decision words (iam-simulate's) as AWS's words in the scenario format. */
export const DECISION_WORD = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
}

/** The wasm's decision codes (worldDecide, worldDecideAll). */
export const DECISION_CODE = { allowed: 0, implicitDeny: 1, explicitDeny: 2, error: 3, notEvaluated: 4 }

const statements = (doc) => (Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement])

const isFullAwsAccess = (doc) => {
  const st = statements(doc)
  return st.length === 1 && st[0].Effect === 'Allow' && st[0].Action === '*' && st[0].Resource === '*' && !st[0].Condition
}

/** `arn:aws:iam::ACCOUNT:user/path/Name` → {account, type, path, name}. */
function parsePrincipal(arn) {
  const m = /^arn:aws:iam::(\d{12}):(user|role)(\/(?:.*\/)?)?([^/]+)$/.exec(arn)
  if (!m) throw new Error(`requests.json: principal ${arn} is neither an IAM user nor a role ARN`)
  return { account: m[1], type: m[2], path: m[3] ?? '/', name: m[4] }
}

/** The bucket of an S3 ARN (its policy covers the objects), or the ARN itself. */
function policyHolder(resource) {
  const m = /^(arn:aws:s3:::[^/]+)\//.exec(resource)
  return m ? m[1] : resource
}

/** The identity policies as inline policies and customer managed policies. */
function identityPolicies(list) {
  const inline = []
  const managed = []
  for (const { name, policy } of list) {
    const st = statements(policy)
    if (st.length <= MANAGED_SPLIT) {
      inline.push({ name, document: policy })
      continue
    }
    for (let from = 0, part = 1; from < st.length; from += MANAGED_SPLIT, part++) {
      managed.push({
        name: `${name}-part${part}`,
        document: { Version: policy.Version, Statement: st.slice(from, from + MANAGED_SPLIT) }
      })
    }
  }
  return { inline, managed }
}

/** The call step a request makes (without `expect` when it is a query's). */
export function callStep(req, { expect = true } = {}) {
  const step = { call: req.action, resource: req.resource }
  if (req.context && Object.keys(req.context).length) step.context = { ...req.context }
  if (expect) step.expect = DECISION_WORD[req.expect]
  return step
}

/** The step that makes the request's principal the current identity. */
export function asStep(req) {
  const p = parsePrincipal(req.principal)
  return p.type === 'user' ? { as: req.principal } : { as: req.principal, via: ROLE_SERVICE }
}

/** The request as a scenario object: its world, the `as` step and `calls` call steps. */
export function scenarioOf(key, req = REQUESTS[key], { calls = 1 } = {}) {
  if (!req) throw new Error(`no request ${key} in requests.json`)
  const p = parsePrincipal(req.principal)
  const { inline, managed } = identityPolicies(req.identityPolicies ?? [])
  const caller = { id: p.account, name: 'Caller' }
  if (managed.length) caller.managedPolicies = managed
  const entity = { name: p.name }
  if (p.path !== '/') entity.path = p.path
  if (inline.length) entity.inlinePolicies = inline
  if (managed.length) entity.managedPolicies = managed.map((m) => m.name)
  if (p.type === 'user') caller.users = [entity]
  else {
    entity.trustPolicy = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: ROLE_SERVICE }, Action: 'sts:AssumeRole' }]
    }
    caller.roles = [entity]
  }
  const accounts = [caller]
  if (req.resourcePolicy || req.resourceAccount !== p.account) {
    let owner = caller
    if (req.resourceAccount !== p.account) {
      owner = { id: req.resourceAccount, name: 'Owner' }
      accounts.push(owner)
    }
    const resource = { arn: policyHolder(req.resource) }
    if (req.resourcePolicy) resource.policy = req.resourcePolicy
    owner.resources = [resource]
  }
  const scenario = { format: 'iam-playground/scenario@1', title: `${key}: ${req.title}`, accounts }
  const scps = []
  for (const level of req.scps ?? []) {
    const target = level.orgIdentifier === 'r-root' ? 'root' : level.orgIdentifier
    for (const { name, policy } of level.policies) {
      if (isFullAwsAccess(policy)) continue
      const same = scps.find((s) => s.name === name)
      if (same) same.targets.push(target)
      else scps.push({ name, document: policy, targets: [target] })
    }
  }
  if (req.scps?.length) {
    scenario.organization = {
      id: req.context?.['aws:PrincipalOrgID'] ?? DEFAULT_ORG,
      managementAccount: MANAGEMENT_ACCOUNT,
      serviceControlPolicies: scps
    }
  }
  scenario.steps = [asStep(req)]
  for (let i = 0; i < calls; i++) scenario.steps.push(callStep(req))
  return scenario
}

/** The scenario as the page hands it to the engine: JSON text, indented by two spaces. */
export const scenarioText = (key, opts) => JSON.stringify(scenarioOf(key, REQUESTS[key], opts), null, 2)

/** The world query for the request: become the principal, then make the call. */
export const queryText = (key) => {
  const req = REQUESTS[key]
  return JSON.stringify([asStep(req), callStep(req, { expect: false })])
}

/** The request as iam-simulate's `Simulation` (its README's shape), optionally with large
 *  identity policies split as the scenario splits them. */
export function simulationOf(key, { split = false } = {}) {
  const req = REQUESTS[key]
  let identity = req.identityPolicies ?? []
  if (split) {
    const { inline, managed } = identityPolicies(identity)
    identity = [...inline, ...managed].map((p) => ({ name: p.name, policy: p.document }))
  }
  const sim = {
    request: {
      principal: req.principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccount },
      contextVariables: { ...(req.context ?? {}) }
    },
    identityPolicies: identity,
    serviceControlPolicies: req.scps ?? [],
    resourceControlPolicies: []
  }
  if (req.resourcePolicy) sim.resourcePolicy = req.resourcePolicy
  return sim
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(scenarioText(process.argv[2] ?? 'simple', { calls: Number(process.argv[3] ?? 1) }) + '\n')
}
