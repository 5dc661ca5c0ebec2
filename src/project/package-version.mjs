// @ts-check
/** An installed dependency's version (from the package.json above its entry: not every package exports it). */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);
/** @type {Map<string, string>} */
const versions = new Map();

/**
 * Each package's once per process: the preview's start asks for the same few (every module of a package) ~70 times.
 * @param {string} name
 * @returns {string}
 */
export function versionOf(name) {
  let version = versions.get(name);
  if (version === undefined) {
    version = readVersion(name);
    versions.set(name, version);
  }
  return version;
}

/**
 * @param {string} name
 * @returns {string}
 */
function readVersion(name) {
  try {
    for (let dir = dirname(require.resolve(name)); dir !== dirname(dir); dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(`${dir}/package.json`, 'utf8'));
        if (pkg.name === name) return pkg.version;
      } catch {}
    }
  } catch {}
  return '';
}
