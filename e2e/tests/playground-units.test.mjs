// Unit tests of the playground's pure modules (no browser): offsets, JSON paths and spans,
// share-link encoding and its guards, policy normalisation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { deflateRawSync } from 'node:zlib';
import { byteToUtf16, lineColToUtf16, positionToUtf16, utf16ToLineCol } from '../../www/src/ui/offsets.js';
import { formatPath, parsePath, getAt, pathStartsWith } from '../../www/src/ui/jsonpath.js';
import { valueRange, literalOffsetToDecoded } from '../../www/src/ui/jsonspan.js';
import { encodeShare, decodeShare, parseFragment, ShareError } from '../../www/src/ui/share.js';
import { normalisePolicies, policyLocations } from '../../www/src/ui/scenario.js';

test('UTF-8 byte offsets convert to UTF-16 offsets (multi-byte and astral characters)', () => {
  const text = 'aé€😀b';
  // bytes: a=1, é=2, €=3, 😀=4 (two UTF-16 units), b=1
  assert.equal(byteToUtf16(text, 0), 0);
  assert.equal(byteToUtf16(text, 1), 1);
  assert.equal(byteToUtf16(text, 3), 2);
  assert.equal(byteToUtf16(text, 6), 3);
  assert.equal(byteToUtf16(text, 10), 5);
  assert.equal(byteToUtf16(text, 11), 6);
  assert.equal(byteToUtf16(text, 99), text.length);
  assert.equal(lineColToUtf16('ab\ncd\nef', 3, 2), 7);
  assert.deepEqual(utf16ToLineCol('ab\ncd\nef', 7), { line: 3, column: 2 });
  assert.equal(positionToUtf16('xyz', { offsetUtf16: 2, line: 1, columnUtf16: 1 }), 2);
});

test('JSON paths use the engine spelling and round-trip', () => {
  const segs = ['accounts', 0, 'roles', 1, 'trustPolicy'];
  assert.equal(formatPath(segs), '$.accounts[0].roles[1].trustPolicy');
  assert.deepEqual(parsePath('$.accounts[0].roles[1].trustPolicy'), segs);
  assert.equal(formatPath(['tags', 'a b', 'x"y']), '$.tags["a b"]["x\\"y"]');
  assert.deepEqual(parsePath('$.tags["a b"]["x\\"y"]'), ['tags', 'a b', 'x"y']);
  assert.equal(parsePath('accounts[0]'), null);
  assert.equal(getAt({ a: [{ b: 3 }] }, ['a', 0, 'b']), 3);
  assert.ok(pathStartsWith('$.a[0].document.Statement[0]', '$.a[0].document'));
  assert.ok(!pathStartsWith('$.a[0].documentX', '$.a[0].document'));
});

test('a policy string literal is found in the scenario text and offsets map into its decoded text', () => {
  const policy = '{\n  "Effect": "Allow",\n  "Sid": "é\\"q"\n}';
  const scenario = JSON.stringify({ accounts: [{ id: '1', roles: [{ name: 'r', trustPolicy: policy }] }] }, null, 2);
  const range = valueRange(scenario, ['accounts', 0, 'roles', 0, 'trustPolicy']);
  assert.ok(range);
  assert.equal(JSON.parse(scenario.slice(range[0], range[1])), policy);
  // the file offset of `"Effect"` maps to its offset in the policy text
  const inFile = scenario.indexOf('\\"Effect\\"');
  assert.equal(literalOffsetToDecoded(scenario, range[0], range[1], inFile), policy.indexOf('"Effect"'));
  const sidInFile = scenario.indexOf('\\"Sid\\"');
  assert.equal(literalOffsetToDecoded(scenario, range[0], range[1], sidInFile), policy.indexOf('"Sid"'));
  assert.equal(literalOffsetToDecoded(scenario, range[0], range[1], range[0] - 5), null);
  assert.equal(valueRange('{"a": [1, 2', ['a', 1]), null);
});

test('a share link round-trips the exact text and names the engine', async () => {
  const text = '{\n  "title": "ünïcode ✓ 😀 \\"q\\""\n}\n';
  const value = await encodeShare(text, '0.1.0');
  assert.match(value, /^1\.[A-Za-z0-9_-]+$/);
  const back = await decodeShare(value);
  assert.equal(back.scenario, text);
  assert.equal(back.engine, '0.1.0');
  const frag = parseFragment(`#s=${value}&embed=1`);
  assert.equal(frag.get('s'), value);
  assert.equal(frag.get('embed'), '1');
});

test('damaged, unknown-version and oversized links are refused with a reason', async () => {
  const kind = async (v) => {
    try {
      await decodeShare(v);
      return 'accepted';
    } catch (e) {
      assert.ok(e instanceof ShareError, String(e));
      return e.kind;
    }
  };
  assert.equal(await kind('1.***'), 'damaged');
  assert.equal(await kind('1.AAAA'), 'damaged');
  assert.equal(await kind('nodot'), 'damaged');
  assert.equal(await kind('2.AAAA'), 'version');
  assert.equal(await kind(`1.${'A'.repeat(300000)}`), 'oversized');
  // a small link that inflates past the cap (a zip bomb) is refused while inflating
  const bomb = deflateRawSync(Buffer.from(JSON.stringify({ engine: 'x', scenario: ' '.repeat(3_000_000) })), { level: 9 });
  assert.ok(bomb.length < 10000);
  assert.equal(await kind(`1.${bomb.toString('base64url')}`), 'oversized');
  // well-formed but not a scenario payload
  const notScenario = deflateRawSync(Buffer.from('{"hello": 1}')).toString('base64url');
  assert.equal(await kind(`1.${notScenario}`), 'damaged');
});

test('every policy of the conformance scenarios and lessons is normalised to its text', () => {
  const dirs = [new URL('../../tests/conformance/', import.meta.url), new URL('../../tests/lessons/', import.meta.url)];
  let count = 0;
  for (const dir of dirs) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
      const scenario = JSON.parse(readFileSync(new URL(f, dir), 'utf8'));
      const original = JSON.parse(JSON.stringify(scenario));
      normalisePolicies(scenario);
      for (const { segs, path } of policyLocations(scenario)) {
        const v = getAt(scenario, segs);
        assert.equal(typeof v, 'string', `${f} ${path}`);
        assert.deepEqual(JSON.parse(v), typeof getAt(original, segs) === 'string' ? JSON.parse(getAt(original, segs)) : getAt(original, segs), `${f} ${path}`);
        count++;
      }
    }
  }
  assert.ok(count > 30, `only ${count} policies found`);
});

test('report helpers: the broken document of a notEvaluated reason, CannotEvaluate steps, a step\'s assumptions once each', async () => {
  const { notEvaluatedPath, isCannotEvaluate, stepAssumptions } = await import('../../www/src/ui/results-view.js');
  // the runner's sentence (src/scenario/run.rs), also with a quoted key
  assert.equal(notEvaluatedPath('depends on the policy document at $.accounts[0].users[1].inlinePolicies[0].document, which has errors'), '$.accounts[0].users[1].inlinePolicies[0].document');
  assert.equal(notEvaluatedPath('depends on the policy document at $.policies["a b"].document, which has errors'), '$.policies["a b"].document');
  assert.equal(notEvaluatedPath('no path here'), null);
  // only the engine's own code, not an AWS error
  assert.equal(isCannotEvaluate({ decision: 'error', error: { code: 'CannotEvaluate', message: 'm' } }), true);
  assert.equal(isCannotEvaluate({ decision: 'error', error: { code: 'ValidationError', message: 'm' } }), false);
  assert.equal(isCannotEvaluate({ decision: 'implicitDeny' }), false);
  // runner entries {name, text}; evaluator "id: text" strings and {id, text} objects, merged by id
  const list = stepAssumptions([
    { phase: 'identity', arn: 'x' },
    { phase: 'assumption', name: 'mfa-carry', text: 'MFA carries over.' },
    { phase: 'authorization', action: 'logs:GetLogEvents', assumptions: ['V12-trailing-star-crosses-colon: A `*` matches across `:` (F47).'], evaluation: { assumptions: [{ id: 'V12-trailing-star-crosses-colon', text: 'A `*` matches across `:` (F47).' }] } },
  ]);
  assert.deepEqual(
    list.map((a) => [a.id, a.text, [...a.sources]]),
    [
      ['mfa-carry', 'MFA carries over.', ['runner']],
      ['V12-trailing-star-crosses-colon', 'A `*` matches across `:` (F47).', ['evaluator (logs:GetLogEvents)']],
    ],
  );
  assert.deepEqual(stepAssumptions(null), []);
});
