/**
 * The import graph of src/: each folder is a layer, and imports point down
 * only (ARCHITECTURE.md, "Layers"). A new upward import, an import between
 * two folders of one layer, or a cycle between folders fails here. The
 * upward imports that exist today are listed in KNOWN, each to be removed;
 * the list may only shrink (an entry that no longer exists fails too).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

/** Lowest first. A folder may import the folders of lower layers only. */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['locale'],
  ['catalog'],
  ['variables'],
  ['runtime'],
  ['brand'],
  ['email'],
  ['project'],
  ['render'],
  ['build'],
  ['browser'],
  ['check'],
  ['visual'],
  // Provider-hosted templates: dialects, the data they are filled with, names (React-free).
  ['hosted'],
  // The sending engine (mailer, message, retries, transport interface) and the domain checks.
  ['mail', 'doctor'],
  // One folder per provider, and the list every consumer below follows; the send queue (BullMQ), which
  // delivers through any mailer.
  ['providers', 'queue'],
  ['send', 'export'],
  ['serve'],
  // The config's schema composes every section's own schema (send, export, serve, visual…).
  ['config'],
  ['preview'],
  ['cli'],
];

/** Imports that point the wrong way today: `from → to`, with why it is still there. To be removed, not added to. */
const KNOWN: Record<string, string> = {};

const layerOf = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx|mts|mjs)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const SPECIFIER = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;
const folderOf = (file: string) => relative(SRC, file).split('/')[0] as string;

/** `from → to` between folders, with the files that make each edge. */
function folderEdges(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const file of sources(SRC)) {
    for (const [, spec] of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const target = resolve(dirname(file), spec as string);
      if (!target.startsWith(`${SRC}/`)) continue;
      const [from, to] = [folderOf(file), folderOf(target)];
      if (from === to) continue;
      const key = `${from} → ${to}`;
      edges.set(key, [...(edges.get(key) ?? []), relative(SRC, file)]);
    }
  }
  return edges;
}

describe('src/ layers', () => {
  const edges = folderEdges();

  it('assigns every folder of src/ to a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.filter((f) => !layerOf.has(f))).toEqual([]);
    expect(readdirSync(SRC).filter((f) => /\.(ts|tsx)$/.test(f))).toEqual([]);
  });

  it('has no import that points up a layer or across one, but the known ones', () => {
    const wrong = [...edges.keys()].filter((edge) => {
      const [from, to] = edge.split(' → ') as [string, string];
      return (layerOf.get(to) ?? 0) >= (layerOf.get(from) ?? 0) && !(edge in KNOWN);
    });
    expect(wrong.map((edge) => `${edge} (${[...new Set(edges.get(edge))].join(', ')})`)).toEqual([]);
  });

  it('still has each known upward import (remove the entry once it is fixed)', () => {
    expect(Object.keys(KNOWN).filter((edge) => !edges.has(edge))).toEqual([]);
  });

  it('has no cycle between folders once the known imports are gone', () => {
    const graph = new Map<string, string[]>();
    for (const edge of edges.keys()) {
      if (edge in KNOWN) continue;
      const [from, to] = edge.split(' → ') as [string, string];
      graph.set(from, [...(graph.get(from) ?? []), to]);
    }
    const cycles: string[] = [];
    const visit = (node: string, path: string[]) => {
      for (const next of graph.get(node) ?? []) {
        if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
        else visit(next, [...path, next]);
      }
    };
    for (const start of graph.keys()) visit(start, [start]);
    expect(cycles).toEqual([]);
  });
});
