// The structured editor: the scenario's header, organization, accounts (users, groups,
// roles, customer managed policies, resources) and steps, as field specs for form.js.
import { h } from './dom.js';
import { renderFields, emptyPolicy, card } from './form.js';
import { STEP_KINDS, stepKind, describeStep, decisionLabel } from './labels.js';
import { renameOf, iamArn } from './renames.js';

const EXPECT_OPTIONS = [
  [undefined, '(no expectation)'],
  ['allowed', decisionLabel('allowed')],
  ['explicitDeny', decisionLabel('explicitDeny')],
  ['implicitDeny', decisionLabel('implicitDeny')],
  ['error', decisionLabel('error')],
];

const BOOL3 = (unset) => [
  [undefined, unset],
  [true, 'true'],
  [false, 'false'],
];

/**
 * The account a new role trusts: the scenario's first other account (a role is most often made
 * for someone in another account to assume), or its own when the scenario has one account.
 */
export function trustedAccount(scenario, accountId) {
  const ids = (scenario && Array.isArray(scenario.accounts) ? scenario.accounts : []).map((a) => a && a.id).filter((x) => typeof x === 'string' && x);
  return ids.find((x) => x !== accountId) || accountId || '111111111111';
}

export const trustTemplate = (accountId) => () =>
  JSON.stringify(
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${accountId || '111111111111'}:root` }, Action: 'sts:AssumeRole' }] },
    null,
    2,
  );

const namedPolicies = (label, noun) => ({
  type: 'items',
  key: 'inlinePolicies',
  label,
  noun,
  title: (p) => p.name || '(unnamed policy)',
  describe: (p, d) => `inline policy ${p.name || ''}${d ? ` of ${d}` : ''}`,
  make: (arr) => ({ name: `InlinePolicy${arr.length + 1}`, document: emptyPolicy() }),
  fields: [
    { type: 'text', key: 'name', label: 'Policy name', required: true },
    { type: 'policy', key: 'document', label: 'Policy document' },
  ],
});

const managedRefs = { type: 'list', key: 'managedPolicies', label: 'Attached managed policies', hint: 'One per line: a customer managed policy name of this account, its ARN, or an AWS managed policy ARN (arn:aws:iam::aws:policy/ReadOnlyAccess).', datalist: 'policies' };
const boundary = { type: 'text', key: 'permissionsBoundary', label: 'Permissions boundary (managed policy ARN)', placeholder: 'arn:aws:iam::111111111111:policy/Boundary', datalist: 'policies' };

// a field naming an entity of `account`: committing a new value renames its references
const renames = (kind, account, key) => (entity, before, after) => renameOf(kind, { account: account.id, entity, key, before, after });

function accountFields(account, scenario) {
  const id = account.id;
  const trustOther = () => trustTemplate(trustedAccount(scenario, account.id))();
  return [
    { type: 'text', key: 'id', label: 'Account id (12 digits)', required: true, placeholder: '111111111111', rename: (a, before, after) => renameOf('account', { before, after }) },
    { type: 'text', key: 'name', label: 'Account name (alias shown in traces)' },
    {
      type: 'items',
      key: 'users',
      label: 'Users',
      noun: 'user',
      testid: 'user-card',
      title: (u) => `User ${u.name || '(unnamed)'}`,
      describe: (u) => `user ${u.name || ''} in ${id}`,
      make: (arr) => ({ name: `User${arr.length + 1}` }),
      fields: [
        { type: 'text', key: 'name', label: 'User name', required: true, rename: renames('user', account, 'name') },
        { type: 'text', key: 'path', label: 'Path', placeholder: '/', rename: renames('user', account, 'path') },
        {
          type: 'checks',
          key: 'groups',
          label: 'Groups',
          choices: () => (Array.isArray(account.groups) ? account.groups : []).map((g) => g && g.name),
          missing: 'not a group of this account',
          empty: 'This account has no groups yet: add one under Groups.',
        },
        { type: 'list', key: 'mfaDevices', label: 'MFA devices (serial ARNs)', hint: `One per line, e.g. arn:aws:iam::${id || '111111111111'}:mfa/${account.users?.[0]?.name || 'User'}` },
        { type: 'tags', key: 'tags', label: 'Tags' },
        namedPolicies('Inline policies', 'inline policy'),
        managedRefs,
        boundary,
      ],
    },
    {
      type: 'items',
      key: 'groups',
      label: 'Groups',
      noun: 'group',
      title: (g) => `Group ${g.name || '(unnamed)'}`,
      describe: (g) => `group ${g.name || ''} in ${id}`,
      make: (arr) => ({ name: `Group${arr.length + 1}` }),
      fields: [
        { type: 'text', key: 'name', label: 'Group name', required: true, rename: renames('group', account, 'name') },
        { type: 'text', key: 'path', label: 'Path', placeholder: '/', rename: renames('group', account, 'path') },
        namedPolicies('Inline policies', 'inline policy'),
        managedRefs,
      ],
    },
    {
      type: 'items',
      key: 'roles',
      label: 'Roles',
      noun: 'role',
      testid: 'role-card',
      title: (r) => `Role ${r.name || '(unnamed)'}`,
      describe: (r) => `role ${r.name || ''} in ${id}`,
      make: (arr) => ({ name: `Role${arr.length + 1}`, trustPolicy: trustOther() }),
      fields: [
        { type: 'text', key: 'name', label: 'Role name', required: true, rename: renames('role', account, 'name') },
        { type: 'text', key: 'path', label: 'Path', placeholder: '/', rename: renames('role', account, 'path') },
        { type: 'policy', key: 'trustPolicy', label: 'Trust policy', optional: true, template: trustOther },
        namedPolicies('Inline permission policies', 'inline policy'),
        managedRefs,
        boundary,
        { type: 'tags', key: 'tags', label: 'Tags' },
        { type: 'number', key: 'maxSessionDuration', label: 'Maximum session duration (seconds)', min: 3600 },
      ],
    },
    {
      type: 'items',
      key: 'managedPolicies',
      label: 'Customer managed policies',
      noun: 'managed policy',
      title: (p) => `Policy ${p.name || '(unnamed)'}`,
      describe: (p) => `customer managed policy ${p.name || ''} in ${id}`,
      make: (arr) => ({ name: `Policy${arr.length + 1}`, document: emptyPolicy() }),
      fields: [
        { type: 'text', key: 'name', label: 'Policy name', required: true, rename: renames('policy', account, 'name') },
        { type: 'text', key: 'path', label: 'Path', placeholder: '/', rename: renames('policy', account, 'path') },
        { type: 'policy', key: 'document', label: 'Policy document' },
      ],
    },
    {
      type: 'items',
      key: 'resources',
      label: 'Resources',
      noun: 'resource',
      title: (r) => r.arn || '(no ARN)',
      describe: (r) => `resource ${r.arn || ''}`,
      make: () => ({ arn: 'arn:aws:s3:::example-bucket' }),
      fields: [
        { type: 'text', key: 'arn', label: 'Resource ARN', required: true, rename: (r, before, after) => renameOf('resource', { before, after }) },
        {
          type: 'policy',
          key: 'policy',
          label: 'Resource-based policy',
          optional: true,
          template: () =>
            JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${id || '111111111111'}:root` }, Action: 's3:GetObject', Resource: '*' }] }, null, 2),
        },
        { type: 'tags', key: 'tags', label: 'Tags' },
      ],
    },
  ];
}

const orgPolicies = (key, label, noun) => ({
  type: 'items',
  key,
  label,
  noun,
  title: (p) => `${p.name || '(unnamed)'} → ${(p.targets || []).join(', ') || 'no target'}`,
  describe: (p) => `${noun} ${p.name || ''}`,
  make: (arr) => ({
    name: `${key === 'serviceControlPolicies' ? 'SCP' : 'RCP'}${arr.length + 1}`,
    document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }, null, 2),
    targets: ['root'],
  }),
  fields: [{ type: 'text', key: 'name', label: 'Policy name', required: true }, { type: 'policy', key: 'document', label: 'Policy document' }, { type: 'list', key: 'targets', label: 'Targets (root, unit ids, account ids)', datalist: 'targets' }],
});

const orgFields = [
  { type: 'text', key: 'id', label: 'Organization id', placeholder: 'o-a1b2c3d4e5' },
  { type: 'text', key: 'managementAccount', label: 'Management account id', datalist: 'accounts' },
  { type: 'list', key: 'members', label: 'Members (optional: limits membership to these account ids)', datalist: 'accounts' },
  {
    type: 'items',
    key: 'units',
    label: 'Organizational units',
    noun: 'unit',
    title: (u) => `${u.id || '(no id)'}${u.name ? ` (${u.name})` : ''}`,
    make: (arr) => ({ id: `ou-unit${arr.length + 1}`, name: `Unit${arr.length + 1}`, parent: 'root', accounts: [] }),
    fields: [
      { type: 'text', key: 'id', label: 'Unit id', required: true, rename: (u, before, after) => renameOf('unit', { before, after }) },
      { type: 'text', key: 'name', label: 'Name' },
      { type: 'text', key: 'parent', label: 'Parent (root or a unit id)' },
      { type: 'list', key: 'accounts', label: 'Accounts', datalist: 'accounts' },
    ],
  },
  orgPolicies('serviceControlPolicies', 'Service control policies (SCPs)', 'SCP'),
  orgPolicies('resourceControlPolicies', 'Resource control policies (RCPs)', 'RCP'),
  { type: 'select', key: 'defaultFullAWSAccess', label: 'FullAWSAccess SCP attached everywhere', options: BOOL3('(default: true)') },
];

/** Fields of one step, by its kind. */
export function stepFields(step) {
  const kind = stepKind(step);
  const kindSelect = {
    type: 'custom',
    render: (obj, segs, ctx) => {
      const sel = h(
        'select',
        { 'aria-label': 'Step kind', dataset: { field: 'kind' } },
        STEP_KINDS.map((k) => h('option', { value: k.kind, selected: k.kind === kind }, k.label)),
      );
      sel.addEventListener('change', () => {
        for (const k of STEP_KINDS) delete obj[k.kind];
        Object.assign(obj, newStep(sel.value, ctx.scenario));
        ctx.changed();
        ctx.rerender();
      });
      return h('div', { class: 'field' }, h('label', null, 'Kind ', sel));
    },
  };
  const common = [
    { type: 'select', key: 'expect', label: 'Expected outcome', options: EXPECT_OPTIONS },
    { type: 'text', key: 'expectError', label: 'Expected error code (optional)', placeholder: 'ValidationError' },
    { type: 'text', key: 'note', label: 'Note' },
  ];
  const commonNoExpect = [{ type: 'text', key: 'note', label: 'Note' }];
  switch (kind) {
    case 'as':
      return [
        kindSelect,
        {
          type: 'pick',
          key: 'as',
          label: 'Sign in as',
          noun: 'a user, a root user or a role',
          kinds: ['user', 'root', 'role'],
          datalist: 'principals',
          otherLabel: 'Another principal ARN (type it)…',
          hint: 'A role acts through a service: fill in "Via service" below.',
        },
        { type: 'select', key: 'mfa', label: 'Signed in with MFA', options: BOOL3('(access keys: MFA keys absent)') },
        { type: 'text', key: 'sourceIp', label: 'Source IP', placeholder: '203.0.113.10' },
        { type: 'text', key: 'via', label: 'Via service (for a role used by a service)', placeholder: 'lambda.amazonaws.com' },
        { type: 'text', key: 'sessionName', label: 'Session name (with via)' },
        ...commonNoExpect,
      ];
    case 'assumeRole':
      return [
        kindSelect,
        { type: 'pick', key: 'assumeRole', label: 'Role to assume', noun: 'a role', kinds: ['role'], datalist: 'roles', otherLabel: 'Another role ARN (type it)…' },
        { type: 'text', key: 'sessionName', label: 'RoleSessionName' },
        { type: 'text', key: 'externalId', label: 'ExternalId' },
        { type: 'nested', parent: 'mfa', key: 'serialNumber', label: 'MFA SerialNumber', datalist: 'mfa' },
        { type: 'nested', parent: 'mfa', key: 'tokenCode', label: 'MFA TokenCode', placeholder: '123456' },
        { type: 'number', key: 'durationSeconds', label: 'DurationSeconds', min: 900 },
        { type: 'policy', key: 'sessionPolicy', label: 'Session policy', optional: true },
        { type: 'list', key: 'sessionPolicyArns', label: 'Session policy ARNs', datalist: 'policies' },
        { type: 'tags', key: 'tags', label: 'Session tags' },
        { type: 'list', key: 'transitiveTagKeys', label: 'Transitive tag keys' },
        { type: 'text', key: 'sourceIdentity', label: 'SourceIdentity' },
        ...common,
      ];
    case 'call':
      return [
        kindSelect,
        { type: 'text', key: 'call', label: 'Action', placeholder: 's3:GetObject', required: true },
        { type: 'text', key: 'resource', label: 'Resource ARN', placeholder: '*', datalist: 'resources' },
        { type: 'json', key: 'context', label: 'Context keys (JSON object; null removes a key)', object: true, hint: 'For example {"aws:SourceIp": "10.0.0.1", "s3:max-keys": 10}' },
        ...common,
      ];
    case 'revokeSessions':
      return [kindSelect, { type: 'pick', key: 'revokeSessions', label: 'Role whose sessions to revoke', noun: 'a role', kinds: ['role'], datalist: 'roles', otherLabel: 'Another role ARN (type it)…' }, ...commonNoExpect];
    case 'advanceTime':
      return [kindSelect, { type: 'text', key: 'advanceTime', label: 'Duration (ISO 8601)', placeholder: 'PT1H', required: true }, ...commonNoExpect];
    case 'setTime':
      return [kindSelect, { type: 'text', key: 'setTime', label: 'Time (RFC 3339)', placeholder: '2026-01-01T12:00:00Z', required: true }, ...commonNoExpect];
    case 'exitRole':
      return [kindSelect, ...commonNoExpect];
    default:
      return [kindSelect, ...commonNoExpect];
  }
}

function firstArn(scenario, what) {
  for (const a of scenario.accounts || []) {
    if (what === 'user' && a.users && a.users[0]) return iamArn(a.id, 'user', a.users[0].name, a.users[0].path);
    if (what === 'role' && a.roles && a.roles[0]) return iamArn(a.id, 'role', a.roles[0].name, a.roles[0].path);
  }
  const acct = (scenario.accounts && scenario.accounts[0] && scenario.accounts[0].id) || '111111111111';
  return what === 'user' ? `arn:aws:iam::${acct}:user/Alice` : `arn:aws:iam::${acct}:role/Role`;
}

/** A fresh step of a kind, pre-filled from the world. */
export function newStep(kind, scenario) {
  switch (kind) {
    case 'as':
      return { as: firstArn(scenario, 'user') };
    case 'assumeRole':
      // no expectation until the person picks one: a guessed one would fail or pass for nothing
      return { assumeRole: firstArn(scenario, 'role') };
    case 'call':
      return { call: 's3:ListAllMyBuckets' };
    case 'revokeSessions':
      return { revokeSessions: firstArn(scenario, 'role') };
    case 'advanceTime':
      return { advanceTime: 'PT1H' };
    case 'setTime':
      return { setTime: scenario.time || '2026-01-01T12:00:00Z' };
    case 'exitRole':
      return { exitRole: true };
    default:
      return { call: 's3:ListAllMyBuckets' };
  }
}

/** Names for <datalist> suggestions, from the world. */
export function suggestions(scenario) {
  const principals = [];
  const roles = [];
  const policies = ['arn:aws:iam::aws:policy/ReadOnlyAccess', 'arn:aws:iam::aws:policy/AdministratorAccess', 'arn:aws:iam::aws:policy/PowerUserAccess', 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess', 'arn:aws:iam::aws:policy/AmazonS3FullAccess'];
  const groups = [];
  const accounts = [];
  const resources = [];
  const mfa = [];
  const targets = ['root'];
  for (const a of scenario.accounts || []) {
    if (!a || typeof a !== 'object') continue;
    accounts.push(a.id);
    targets.push(a.id);
    principals.push(`arn:aws:iam::${a.id}:root`);
    for (const u of a.users || []) {
      principals.push(`arn:aws:iam::${a.id}:user${u.path && u.path !== '/' ? u.path : '/'}${u.name}`);
      for (const m of u.mfaDevices || []) mfa.push(m);
    }
    for (const r of a.roles || []) {
      const arn = `arn:aws:iam::${a.id}:role${r.path && r.path !== '/' ? r.path : '/'}${r.name}`;
      roles.push(arn);
      principals.push(arn);
    }
    for (const g of a.groups || []) groups.push(g.name);
    for (const p of a.managedPolicies || []) {
      policies.push(p.name);
      policies.push(`arn:aws:iam::${a.id}:policy${p.path && p.path !== '/' ? p.path : '/'}${p.name}`);
    }
    for (const r of a.resources || []) if (r && r.arn) resources.push(r.arn);
  }
  for (const u of (scenario.organization && scenario.organization.units) || []) targets.push(u.id);
  return { principals, roles, policies, groups, accounts, resources, mfa, targets };
}

/** Render the World tab into `root`. */
export function renderWorld(root, scenario, ctx) {
  const segs = [];
  root.append(
    card({
      segs: ['$meta'],
      title: () => `Scenario: ${scenario.title || '(untitled)'}`,
      ctx,
      build: (body) =>
        body.append(
          ...renderFields(
            scenario,
            [
              { type: 'text', key: 'title', label: 'Title' },
              { type: 'textarea', key: 'description', label: 'Description (Markdown)', rows: 4 },
              { type: 'text', key: 'time', label: 'Start time (RFC 3339)', placeholder: '2026-01-01T00:00:00Z' },
            ],
            segs,
            ctx,
          ),
        ),
    }),
  );
  // organization (optional)
  if (scenario.organization && typeof scenario.organization === 'object') {
    const org = scenario.organization;
    root.append(
      card({
        segs: ['organization'],
        title: () => `Organization ${org.id || ''}`,
        ctx: { ...ctx, describe: 'organization' },
        build: (body) => {
          body.append(...renderFields(org, orgFields, ['organization'], { ...ctx, describe: 'organization' }));
          body.append(
            h(
              'button',
              {
                type: 'button',
                class: 'small-btn danger',
                onclick: () => {
                  delete scenario.organization;
                  ctx.changed();
                  ctx.rerender();
                },
              },
              'Remove organization',
            ),
          );
        },
      }),
    );
  }
  root.append(
    ...renderFields(
      scenario,
      [
        {
          type: 'items',
          key: 'accounts',
          label: 'Accounts',
          noun: 'account',
          testid: 'account-card',
          keepEmpty: true,
          title: (a) => `Account ${a.id || '(no id)'}${a.name ? ` · ${a.name}` : ''}`,
          describe: (a) => `account ${a.id || ''}`,
          make: (arr) => ({ id: String(111111111111 * (arr.length + 1)).padStart(12, '0').slice(0, 12), name: `Account${arr.length + 1}` }),
          fields: (a) => accountFields(a, scenario),
        },
      ],
      segs,
      ctx,
    ),
  );
  if (!scenario.organization) {
    root.append(
      h(
        'button',
        {
          type: 'button',
          class: 'small-btn add',
          onclick: () => {
            const ids = (scenario.accounts || []).map((a) => a.id);
            scenario.organization = { id: 'o-a1b2c3d4e5', managementAccount: ids[0] || '000000000000', units: [], serviceControlPolicies: [] };
            ctx.openPaths.add('$.organization');
            ctx.changed();
            ctx.rerender();
          },
        },
        'Add an organization (SCPs, RCPs)',
      ),
    );
  }
}

/** Render the Steps tab into `root`. */
export function renderSteps(root, scenario, ctx) {
  if (!Array.isArray(scenario.steps)) scenario.steps = [];
  const kindSel = h('select', { 'aria-label': 'Kind of step to add' }, STEP_KINDS.map((k) => h('option', { value: k.kind }, k.label)));
  root.append(
    ...renderFields(
      scenario,
      [
        {
          type: 'items',
          key: 'steps',
          label: 'Steps',
          noun: 'step',
          testid: 'step-card',
          ordered: true,
          keepEmpty: true,
          title: (s, i) => `${i + 1}. ${describeStep(s)}${s.expect ? ` — expect ${decisionLabel(s.expect)}` : ''}`,
          describe: (s, _d) => `step ${scenario.steps.indexOf(s) + 1}`,
          fields: (s) => stepFields(s),
          addControls: (add) =>
            h(
              'div',
              { class: 'add-step' },
              kindSel,
              h('button', { type: 'button', class: 'small-btn add', dataset: { testid: 'add-step' }, onclick: () => add(newStep(kindSel.value, scenario)) }, 'Add step'),
            ),
        },
      ],
      [],
      ctx,
    ),
  );
}
