// Calls the wasm module from Node (a `wasm-bindgen --target nodejs` build) and checks that it
// returns the report of `medtech debug --format json` for every bundled example.
// Run by scripts/web-test.sh:  MEDTECH_WASM_PKG=<dir> MEDTECH_BIN=<medtech binary> node --test <this file>
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const pkg = resolve(root, process.env.MEDTECH_WASM_PKG || 'target/medtech-wasm-pkg');
const bin = process.env.MEDTECH_BIN ? resolve(root, process.env.MEDTECH_BIN) : null;
const wasm = createRequire(import.meta.url)(join(pkg, 'medtech_wasm.js'));

const examples = readdirSync(join(root, 'examples')).filter((n) => existsSync(join(root, 'examples', n, 'example.json')));
const read = (...p) => readFileSync(join(root, ...p), 'utf8');

function exampleRun(name) {
  const manifest = JSON.parse(read('examples', name, 'example.json'));
  const messages = manifest.messages.map((m) => read('examples', name, m));
  const options = {
    envelope: manifest.envelope, deviceId: manifest.deviceId,
    enqueuedTime: manifest.enqueuedTime, creationTime: manifest.creationTime,
    files: {
      device: `examples/${name}/device.json`, fhir: `examples/${name}/fhir.json`,
      messages: manifest.messages.map((m) => `examples/${name}/${m}`),
    },
  };
  return wasm.debug(read('examples', name, 'device.json'), read('examples', name, 'fhir.json'), messages, options);
}

/** The report without the wasm-only `range` members and the run-time `issued` stamps. */
function comparable(report) {
  const copy = JSON.parse(JSON.stringify(report));
  for (const d of copy.diagnostics) delete d.range;
  for (const o of copy.observations) delete o.issued;
  return copy;
}

test('debug() returns the report of `medtech debug --format json` for every example', { skip: !bin && 'MEDTECH_BIN not set' }, () => {
  assert.ok(examples.length >= 6, `examples: ${examples}`);
  for (const name of examples) {
    const cli = spawnSync(bin, ['debug', '--example', name, '--format', 'json'], { encoding: 'utf8' });
    assert.ok(cli.status === 0 || cli.status === 1, `${name}: medtech exited ${cli.status}: ${cli.stderr}`);
    const expected = comparable(JSON.parse(cli.stdout));
    assert.deepEqual(comparable(exampleRun(name)), expected, name);
  }
});

test('the heart-rate example gives its measurement and a trace', () => {
  const report = exampleRun('heart-rate');
  assert.equal(report.valid, true);
  assert.equal(report.measurements.length, 1);
  assert.equal(report.measurements[0].Properties[0].Value, '78');
  assert.equal(report.messages[0].templates[0].typeName, 'heartrate');
  for (const d of report.diagnostics) assert.ok('range' in d);
});

test('a batch text (JSON array or NDJSON) is split like the web app splits it', () => {
  const message = read('examples', 'heart-rate', 'message-1.json').replace(/\s*\n\s*/g, ' ');
  const device = read('examples', 'heart-rate', 'device.json');
  const ndjson = wasm.debug(device, null, `${message}\n${message}\n`);
  const array = wasm.debug(device, undefined, `[${message}, ${message}]`);
  assert.equal(ndjson.measurements.length, 2);
  assert.deepEqual(ndjson.measurements, array.measurements);
});

test('finding ranges count UTF-16 units in the text passed in', () => {
  const device = read('examples', 'heart-rate', 'device.json');
  const report = wasm.debug(device, null, '{"a": "😀" x}');
  const finding = report.diagnostics.find((d) => d.source === 'message');
  assert.ok(finding, JSON.stringify(report.diagnostics));
  const text = '{"a": "😀" x}';
  assert.equal(finding.range.line, 1);
  // The editor column (UTF-16) is one more than the character column because of the emoji.
  assert.equal(finding.range.column, finding.column + 1);
  assert.ok(finding.range.column - 1 <= text.length);
});

test('validate() reports an invalid mapping with its line', () => {
  const report = wasm.validate('{"templateType": "CollectionContent",\n "template": [{"templateType": "Nope", "template": {}}]}');
  assert.equal(report.valid, false);
  assert.ok(report.diagnostics.some((d) => d.range && d.range.line === 2), JSON.stringify(report.diagnostics));
  assert.deepEqual(report.measurements, []);
});

test('bad arguments throw errors instead of crashing', () => {
  assert.throws(() => wasm.debug('{}', null, 42), /messages must be a string or an array of strings/);
  assert.throws(() => wasm.debug('{}', null, '', { envelope: 'amqp' }), /options.envelope/);
  assert.throws(() => wasm.debug('{}', null, '', { identity: 'guess' }), /options.identity/);
  assert.throws(() => wasm.debug('{}', null, '', 'raw'), /options must be an object/);
  // The module still works afterwards.
  assert.equal(wasm.validate('{"templateType": "CollectionContent", "template": []}').valid, true);
});

test('TypeScript declarations describe the API', () => {
  const dts = readFileSync(join(pkg, 'medtech_wasm.d.ts'), 'utf8');
  assert.match(dts, /export function debug\(deviceMapping: string, fhirMapping: string \| null \| undefined, messages: string \| string\[\] \| null \| undefined, options: DebugOptions \| null \| undefined\): Report;/);
  assert.match(dts, /export function validate\(deviceMapping: string, fhirMapping: string \| null \| undefined\): Report;/);
  for (const name of ['DebugOptions', 'Report', 'Diagnostic', 'Measurement', 'MessageTrace', 'Range']) {
    assert.match(dts, new RegExp(`export interface ${name}\\b`));
  }
});
