#!/usr/bin/env node
// Runs every compiled uvu test file (dist/test/**/*.test.js) in its own process,
// two at a time, and ends with the plain line "N passed, N failed, N skipped".
// Exits 1 when any test failed, when a file crashed or never called test.run(),
// or when no test ran at all. Usage: node test/run.mjs [substring-filter ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const dir = join(root, 'dist', 'test');
const filters = process.argv.slice(2);
const FILE_TIMEOUT_MS = Number(process.env.RK_TEST_TIMEOUT_MS ?? 600_000);
const CONCURRENCY = Number(process.env.RK_TEST_CONCURRENCY ?? 2);

function find(d) {
  return readdirSync(d).flatMap((n) => {
    const p = join(d, n);
    if (statSync(p).isDirectory()) return n === 'helpers' || n === 'fixtures' ? [] : find(p);
    return n.endsWith('.test.js') ? [p] : [];
  });
}

const files = find(dir).filter((f) => !filters.length || filters.some((s) => f.includes(s))).sort();
const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, '');

function runFile(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [file], { cwd: root, env: { ...process.env, FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    const timer = setTimeout(() => { out += `\n[runner] killed after ${FILE_TIMEOUT_MS} ms\n`; child.kill('SIGKILL'); }, FILE_TIMEOUT_MS);
    child.on('exit', (code) => {
      clearTimeout(timer);
      const text = strip(out);
      const num = (label) => Number((text.match(new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm')) ?? [])[1] ?? NaN);
      const total = num('Total');
      const passed = num('Passed');
      const skipped = num('Skipped') || 0;
      let failed = Number.isNaN(total) ? 1 : total - passed - skipped;
      if (code !== 0 && failed === 0) failed = 1;
      resolve({ file, text, code, passed: Number.isNaN(passed) ? 0 : passed, failed, skipped, reported: !Number.isNaN(total), ms: Date.now() - started });
    });
  });
}

const results = [];
let next = 0;
async function worker() {
  while (next < files.length) {
    const file = files[next++];
    const r = await runFile(file);
    results.push(r);
    const name = relative(dir, file);
    const why = !r.reported ? ' (no uvu summary: crashed or missing test.run())' : r.code !== 0 ? ` (exit ${r.code})` : '';
    console.log(`${r.failed ? 'FAIL' : 'ok  '} ${name}: ${r.passed} passed, ${r.failed} failed${why} [${(r.ms / 1000).toFixed(1)}s]`);
    if (r.failed) console.log(r.text.split('\n').map((l) => `    ${l}`).join('\n'));
  }
}
await Promise.all(Array.from({ length: Math.max(1, CONCURRENCY) }, worker));
const sum = (k) => results.reduce((a, r) => a + r[k], 0);
const passed = sum('passed');
const failed = sum('failed');
const skipped = sum('skipped');
if (!files.length) console.log('no test files found under dist/test');
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
