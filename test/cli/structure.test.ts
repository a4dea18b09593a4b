import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from '../../src/cli/command-table.ts';
import { loadCommand } from '../../src/cli/registry.ts';

const CLI_DIR = fileURLToPath(new URL('../../src/cli/', import.meta.url));

/** Relative imports of a TypeScript file: static, type-only, re-exports and dynamic import(). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specifiers.map((s) => path.resolve(path.dirname(file), s)).filter((f) => fs.existsSync(f));
}

/** Every import cycle among the files, each as "a.ts → b.ts → a.ts" relative to `root`. */
function importCycles(files: string[], root: string): string[] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(root, f)).join(' → '));
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return cycles;
}

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  }).sort();
}

/** How the CLI's modules hang together: no import cycles, and a runnable module behind every command. */
describe('resdesk module structure', () => {
  test('src/cli has no import cycle, counting type-only and dynamic imports', () => {
    assert.deepEqual(importCycles(tsFiles(CLI_DIR), CLI_DIR), []);
  });

  test('the cycle check sees a cycle through a dynamic import', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'resdesk-cycle-'));
    try {
      fs.writeFileSync(path.join(dir, 'table.ts'), "export const load = () => import('./help.ts');\n");
      fs.writeFileSync(path.join(dir, 'help.ts'), "import type { load } from './table.ts';\nexport type L = typeof load;\n");
      assert.deepEqual(importCycles(tsFiles(dir), dir), ['help.ts → table.ts → help.ts']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every command of the table loads a module with run()', async () => {
    for (const c of COMMANDS) {
      const module = await loadCommand(c.name);
      assert.equal(typeof module.run, 'function', c.name);
    }
  });
});
