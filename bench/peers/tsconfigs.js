// bench/peers/tsconfigs.js WORKSPACE MANIFEST... — writes the two
// configurations bench/peers.sh type-checks the manifests with, at the
// workspace root:
//
//   tsconfig.peers.json       for tsc 5.9: the apps' own settings (strict,
//                             Node types) over tsconfig.base.json, one
//                             process for every manifest given
//   tsconfig.peers-tsc7.json  the same for TypeScript 7, which has removed
//                             baseUrl and moduleResolution "node" that Nx
//                             workspaces still use: the base's paths made
//                             relative, resolution "bundler"
//
// Reads tsconfig.base.json (JSON with comments) with the workspace's own
// TypeScript 5, as tsc itself would.
'use strict';
const fs = require('fs');
const path = require('path');

const [ws, ...manifests] = process.argv.slice(2);
if (!ws || manifests.length === 0) {
  console.error('usage: node tsconfigs.js WORKSPACE MANIFEST...');
  process.exit(2);
}
const ts = require(path.join(ws, 'node_modules/typescript'));
const basePath = path.join(ws, 'tsconfig.base.json');
const { config: base, error } = ts.readConfigFile(basePath, ts.sys.readFile);
if (error) {
  console.error(`tsconfigs.js: ${basePath}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  process.exit(1);
}
const write = (name, config) => fs.writeFileSync(path.join(ws, name), JSON.stringify(config, null, 2) + '\n');

// As each app's tsconfig.json: strict, Node's types (for require); allowJs
// so that tsc reads the CommonJS manifests too, as the other tools do.
write('tsconfig.peers.json', {
  extends: './tsconfig.base.json',
  compilerOptions: { strict: true, noEmit: true, types: ['node'], allowJs: true },
  files: manifests,
});

const baseUrl = path.join(ws, base.compilerOptions.baseUrl || '.');
const paths = {};
for (const [alias, targets] of Object.entries(base.compilerOptions.paths || {})) {
  paths[alias] = targets.map((t) => './' + path.relative(ws, path.join(baseUrl, t)));
}
write('tsconfig.peers-tsc7.json', {
  extends: './tsconfig.peers.json',
  compilerOptions: { baseUrl: null, moduleResolution: 'bundler', paths },
});
