// Words shown to people: decisions, step kinds, AWS spellings.

export const DECISIONS = {
  allowed: { label: 'Allowed', cls: 'allowed' },
  explicitDeny: { label: 'Explicit deny', cls: 'explicit-deny' },
  implicitDeny: { label: 'Implicit deny', cls: 'implicit-deny' },
  error: { label: 'Error', cls: 'error' },
  cannotEvaluate: { label: 'Cannot evaluate', cls: 'error' },
};

export function decisionLabel(d) {
  return (DECISIONS[d] && DECISIONS[d].label) || (d == null ? 'Not evaluated' : String(d));
}

export function decisionClass(d) {
  return (DECISIONS[d] && DECISIONS[d].cls) || 'none';
}

export const STEP_KINDS = [
  { kind: 'as', label: 'Sign in as' },
  { kind: 'assumeRole', label: 'AssumeRole' },
  { kind: 'call', label: 'Call an action' },
  { kind: 'revokeSessions', label: 'Revoke sessions' },
  { kind: 'advanceTime', label: 'Advance the clock' },
  { kind: 'setTime', label: 'Set the clock' },
  { kind: 'exitRole', label: 'Switch back' },
];

/** The kind of a scenario step: the one key of STEP_KINDS it has. */
export function stepKind(step) {
  if (!step || typeof step !== 'object') return null;
  for (const { kind } of STEP_KINDS) if (kind in step) return kind;
  return null;
}

function short(arn) {
  return typeof arn === 'string' ? arn : JSON.stringify(arn);
}

/** One line saying what a step does. */
export function describeStep(step) {
  const kind = stepKind(step);
  switch (kind) {
    case 'as': {
      const extra = [];
      if (step.mfa === true) extra.push('with MFA');
      else if (step.mfa === false) extra.push('console, no MFA');
      if (step.via) extra.push(`via ${step.via}`);
      if (step.sourceIp) extra.push(`from ${step.sourceIp}`);
      return `Sign in as ${short(step.as)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    case 'assumeRole': {
      const extra = [];
      if (step.sessionName) extra.push(`session ${step.sessionName}`);
      if (step.externalId !== undefined) extra.push('ExternalId');
      if (step.mfa) extra.push('MFA');
      if (step.sessionPolicy !== undefined || step.sessionPolicyArns) extra.push('session policy');
      if (step.tags) extra.push('tags');
      if (step.sourceIdentity) extra.push('SourceIdentity');
      return `sts:AssumeRole ${short(step.assumeRole)}${extra.length ? ` (${extra.join(', ')})` : ''}`;
    }
    case 'call':
      return `${step.call} on ${step.resource === undefined ? '*' : short(step.resource)}`;
    case 'revokeSessions':
      return `Revoke active sessions of ${short(step.revokeSessions)}`;
    case 'advanceTime':
      return `Advance the clock by ${step.advanceTime}`;
    case 'setTime':
      return `Set the clock to ${step.setTime}`;
    case 'exitRole':
      return 'Switch back';
    default:
      return 'Unknown step';
  }
}
