// Where an editor's cursor is, for the AWS catalogue's help: inside an action name (a string
// value of `Action` or `NotAction`, alone or in an array, or of a scenario step's `call`) or a
// condition key (a member name inside a condition operator's object under `Condition`, or
// inside a step's `context`). Reads a Lezer JSON syntax tree (@lezer/json, the tree
// CodeMirror's JSON mode builds); `slice(from, to)` returns the document's text.

const ACTION_MEMBERS = new Set(['Action', 'NotAction', 'call']);

/** A JSON string literal's text (its escapes decoded); an unterminated one as typed. */
export function decodeLiteral(literal) {
  try {
    const v = JSON.parse(literal);
    if (typeof v === 'string') return v;
  } catch {
    /* unterminated or malformed: as typed */
  }
  return literal.replace(/^"/, '').replace(/"$/, '');
}

function memberName(property, slice) {
  const name = property && property.name === 'Property' ? property.getChild('PropertyName') : null;
  return name ? decodeLiteral(slice(name.from, name.to)) : null;
}

/**
 * The help context at `pos`: `{kind: 'action' | 'conditionKey', from, to, value}` where
 * `from`..`to` is the string's content (without its quotes) and `value` its decoded text, or
 * null when the cursor is anywhere else. `side` is -1 (the character before `pos`: typing) or
 * 1 (after it: hovering).
 */
export function helpContext(tree, pos, slice, side = -1) {
  let node = tree.resolveInner(pos, side);
  while (node && node.name !== 'String' && node.name !== 'PropertyName') node = node.parent;
  if (!node || pos <= node.from) return null;
  const literal = slice(node.from, node.to);
  const terminated = literal.length >= 2 && literal.endsWith('"') && !/(^|[^\\])(\\\\)*\\"$/.test(literal.slice(1));
  const to = terminated ? node.to - 1 : node.to;
  if (pos > to) return null;
  const at = { from: node.from + 1, to, value: decodeLiteral(literal) };
  if (node.name === 'String') {
    let holder = node.parent;
    if (holder && holder.name === 'Array') holder = holder.parent;
    return ACTION_MEMBERS.has(memberName(holder, slice)) ? { kind: 'action', ...at } : null;
  }
  // a member name: of an operator's object under Condition, or of a step's context
  const operator = node.parent && node.parent.parent ? node.parent.parent.parent : null;
  if (!operator || operator.name !== 'Property') return null;
  if (memberName(operator, slice) === 'context') return { kind: 'conditionKey', ...at };
  const condition = operator.parent ? operator.parent.parent : null;
  return memberName(condition, slice) === 'Condition' ? { kind: 'conditionKey', ...at } : null;
}
