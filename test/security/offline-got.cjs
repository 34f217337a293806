/**
 * Loaded with `node --require` before Electronegativity (see electronegativity.ts): its copy of the
 * HTTP client `got` is replaced by one that fails at once. Electronegativity uses `got` for two things
 * only, both optional and both network look-ups: updated translations of its messages (it falls back
 * to the English ones it ships) and Electron's release list (for AvailableSecurityFixesGlobalCheck,
 * which the scan excludes, with the reason given in electronegativity.ts). Without this it waits for
 * each request to time out and be retried, about 8 seconds on a machine without network, and on a
 * machine with network the scan's outcome would depend on a download.
 */
'use strict';
const Module = require('node:module');
const path = require('node:path');

const packageDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const gotPath = require.resolve('got', { paths: [packageDir] });

function offline() {
  return Promise.reject(new Error('Electronegativity runs offline in Parley (test/security/offline-got.cjs).'));
}
offline.head = offline;
offline.get = offline;

const stub = new Module(gotPath);
stub.filename = gotPath;
stub.loaded = true;
stub.exports = offline;
require.cache[gotPath] = stub;

/*
 * Electronegativity 1.10.3 writes its CSV report with two async fs.writeFile calls issued at once
 * (util/file.js: the header with flag 'w', then the rows with flag 'a'), so the rows can land before
 * the header's truncation: a torn report, or one whose rows are silently lost. Seen in CI. Writes of
 * the report (*.csv) are made synchronous, in the order they are issued; nothing else is touched.
 */
const fs = require('node:fs');
const writeFile = fs.writeFile;
fs.writeFile = function orderedReportWrite(file, data, options, callback) {
  const done = typeof options === 'function' ? options : callback;
  if (typeof file !== 'string' || !file.endsWith('.csv') || typeof done !== 'function') {
    return writeFile.apply(this, arguments);
  }
  try {
    fs.writeFileSync(file, data, typeof options === 'function' ? undefined : options);
  } catch (e) {
    process.nextTick(done, e);
    return undefined;
  }
  process.nextTick(done, null);
  return undefined;
};
