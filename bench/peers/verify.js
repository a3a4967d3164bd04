// bench/peers/verify.js — checks, before anything is timed, that the Bun
// script and irislint do the same job (bench/peers.sh):
//
//   node verify.js catalogue check-scopes.mts scopes.json
//       the scope list embedded in the script is the catalogue's
//   node verify.js findings IRISLINT.json SCRIPT-OUTPUT.txt
//       the script flags the scopes irislint reports as unknown or renamed
//       (irislint's JSON report), in the same manifests; prints them
//
// Exit 1 with the difference when not.
'use strict';
const fs = require('fs');

const [what, a, b] = process.argv.slice(2);
const sorted = (set) => [...set].sort();
const same = (x, y) => JSON.stringify(sorted(x)) === JSON.stringify(sorted(y));
const fail = (msg) => {
  console.error(`verify.js: ${msg}`);
  process.exit(1);
};

if (what === 'catalogue') {
  const script = fs.readFileSync(a, 'utf8');
  const list = script.match(/new Set\(\[([^\]]*)\]\)/);
  if (!list) fail(`${a}: no "new Set([...])" scope list`);
  const embedded = new Set([...list[1].matchAll(/'([^']+)'/g)].map((m) => m[1]));
  const catalogue = new Set(JSON.parse(fs.readFileSync(b, 'utf8')).scopes.map((s) => s.name));
  if (!same(embedded, catalogue)) {
    const only = (x, y) => sorted(x).filter((n) => !y.has(n)).join(', ') || 'none';
    fail(`${a} is out of date with ${b}: only in the script: ${only(embedded, catalogue)}; only in the catalogue: ${only(catalogue, embedded)}`);
  }
  console.log(`${embedded.size} scopes, as in the catalogue`);
} else if (what === 'findings') {
  const diagnostics = JSON.parse(fs.readFileSync(a, 'utf8')).diagnostics || [];
  const lint = diagnostics.filter((d) => d.rule === 'unknown-scope' || d.rule === 'renamed-scope');
  const lintScopes = new Set(lint.map((d) => d.message.match(/scope "([^"]+)"/)[1]));
  const lintManifests = new Set(lint.map((d) => d.file).filter((f) => /(^|\/)iris-app-manifest\.[^/]+$/.test(f)));
  const lines = fs.readFileSync(b, 'utf8').split('\n').filter(Boolean);
  const found = lines.map((l) => l.match(/^(?:\.\/)?(.+): unknown scope "(.+)"$/) || fail(`unexpected script output: ${l}`));
  const scriptScopes = new Set(found.map((m) => m[2]));
  const scriptManifests = new Set(found.map((m) => m[1]));
  if (!same(lintScopes, scriptScopes)) {
    fail(`irislint flags ${sorted(lintScopes).join(', ') || 'nothing'}; the script ${sorted(scriptScopes).join(', ') || 'nothing'}`);
  }
  // irislint reports a scope spread from a lib once, at the lib; the script
  // once per manifest. So the script's manifests may only add to irislint's.
  const missed = sorted(lintManifests).filter((f) => !scriptManifests.has(f));
  if (missed.length > 0) fail(`the script flags nothing in ${missed.join(', ')}, irislint does`);
  console.log(`both flag ${sorted(scriptScopes).join(', ') || 'nothing'} (script: ${scriptManifests.size} manifests)`);
} else {
  fail('usage: node verify.js catalogue SCRIPT SCOPES.json | findings IRISLINT.json SCRIPT-OUTPUT.txt');
}
