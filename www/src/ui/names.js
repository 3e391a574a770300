// Short, readable names for ARNs in the query panels ("alice", "role ProdRead", "account 2222…
// root"), with the account's alias from the scenario when it has one, and the words for
// statements that decided a hop.

/** Account id → alias, from the scenario's accounts. */
export function accountNames(scenario) {
  const out = new Map();
  for (const a of (scenario && Array.isArray(scenario.accounts) ? scenario.accounts : [])) {
    if (a && typeof a.id === 'string' && typeof a.name === 'string' && a.name) out.set(a.id, a.name);
  }
  return out;
}

/** {name, kind, account} of an ARN: the last path segment of an IAM user or role, etc. */
export function parseArnName(arn) {
  if (typeof arn !== 'string') return { name: String(arn ?? ''), kind: null, account: null };
  const m = /^arn:[^:]*:([^:]*):[^:]*:([^:]*):(.*)$/.exec(arn);
  if (!m) return { name: arn, kind: null, account: null };
  const [, service, account, rest] = m;
  if (service === 'iam') {
    if (rest === 'root') return { name: 'root', kind: 'root', account };
    const kind = rest.split('/')[0];
    return { name: rest.split('/').pop() || rest, kind, account };
  }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const [, role, session] = rest.split('/');
    return { name: `${role}${session ? `, session ${session}` : ''}`, kind: 'assumed-role', account };
  }
  return { name: arn, kind: service || null, account: account || null };
}

/** "alice (Dev)", "role ProdRead (Prod)", "root of 222222222222": short text for an ARN. */
export function shortName(arn, names) {
  const p = parseArnName(arn);
  if (!p.kind) return p.name;
  const acct = p.account ? (names && names.get(p.account)) || p.account : null;
  if (p.kind === 'root') return `root of ${acct || 'the account'}`;
  const kind = p.kind === 'user' ? '' : p.kind === 'role' ? 'role ' : p.kind === 'assumed-role' ? 'role ' : `${p.kind} `;
  if (p.name === arn) return arn;
  return `${kind}${p.name}${acct ? ` (${acct})` : ''}`;
}

/** A decisive statement: "AssumeProdRead · Sid AssumeProdRead", whatever shape the engine gives. */
export function statementLabel(d) {
  if (d === null || d === undefined) return '';
  if (typeof d !== 'object') return String(d);
  const policy = typeof d.policy === 'string' ? d.policy : d.policy && typeof d.policy === 'object' ? d.policy.name || d.policy.origin || '' : '';
  const sid = typeof d.sid === 'string' && d.sid ? `Sid ${d.sid}` : '';
  let stmt = '';
  if (!sid) {
    if (Number.isInteger(d.statement)) stmt = `statement ${d.statement + 1}`;
    else if (typeof d.statement === 'string' && d.statement) stmt = d.statement;
    else if (Number.isInteger(d.index)) stmt = `statement ${d.index + 1}`;
  }
  const effect = typeof d.effect === 'string' ? `${d.effect} ` : '';
  return [policy, `${effect}${sid || stmt}`.trim()].filter(Boolean).join(' · ') || JSON.stringify(d);
}

/** The text of a condition the caller must meet ("if …"). */
export function conditionText(c) {
  if (c === null || c === undefined) return '';
  if (typeof c === 'string') return c;
  if (typeof c.text === 'string' && c.text) return c.text;
  if (typeof c.key === 'string') return c.key;
  return JSON.stringify(c);
}
