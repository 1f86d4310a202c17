import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Model files carry free text (names, doc strings, metadata) that the app shows. Nothing in src/
 * may turn text into code or markup: no eval, no Function constructor, no HTML sinks. Biome's
 * rules catch most of these (biome.json); this scan also covers the generated protobuf code and
 * the DOM sinks Biome has no rule for. At run time the CSP, which has no 'unsafe-eval', refuses
 * eval in whatever else the bundle holds.
 */
const FORBIDDEN: { name: string; pattern: RegExp }[] = [
  { name: 'eval(', pattern: /(?<![\w$.])eval\s*\(/ },
  // With or without `new`: both compile a string.
  { name: 'new Function', pattern: /(?<![\w$.])Function\s*\(/ },
  { name: 'dangerouslySetInnerHTML', pattern: /dangerouslySetInnerHTML/ },
  { name: 'innerHTML =', pattern: /\.(?:inner|outer)HTML\s*\+?=/ },
  { name: 'insertAdjacentHTML', pattern: /insertAdjacentHTML/ },
  { name: 'document.write', pattern: /document\.write(?:ln)?\s*\(/ },
  { name: 'createContextualFragment', pattern: /createContextualFragment/ },
  { name: 'setTimeout with a string', pattern: /\bset(?:Timeout|Interval)\s*\(\s*['"`]/ },
];

const SRC = new URL('../src/', import.meta.url).pathname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(?:[cm]?[jt]sx?)$/.test(entry.name) ? [path] : [];
  });
}

/** `file:line: construct` for every forbidden construct in `text`. */
function findForbidden(file: string, text: string): string[] {
  return text
    .split('\n')
    .flatMap((line, i) =>
      FORBIDDEN.filter(({ pattern }) => pattern.test(line)).map(({ name }) => `${file}:${i + 1}: ${name}`),
    );
}

describe('no code or markup made from text', () => {
  it('src/ has no eval, Function constructor or HTML sink', () => {
    const files = sourceFiles(SRC);
    // The walk reaches the app, both workers and the generated protobuf code.
    for (const expected of [
      'main.tsx',
      'worker/model.worker.ts',
      'runtime/runtime.worker.ts',
      'onnx/generated/onnx.js',
    ]) {
      expect(files.map((f) => relative(SRC, f))).toContain(expected);
    }
    const found = files.flatMap((file) => findForbidden(relative(SRC, file), readFileSync(file, 'utf8')));
    expect(found).toEqual([]);
  });

  it('the scan finds each construct, and passes look-alikes', () => {
    const bad = [
      'const x = eval(text);',
      'const f = new Function("a", body);',
      'const g = Function("return this")();',
      '<div dangerouslySetInnerHTML={{ __html: doc }} />',
      'el.innerHTML = doc;',
      'el.outerHTML += doc;',
      "el.insertAdjacentHTML('beforeend', doc);",
      'document.write(doc);',
      'range.createContextualFragment(doc);',
      "setTimeout('run()', 10);",
    ];
    expect(bad.map((line) => findForbidden('x.ts', line).length)).toEqual(bad.map(() => 1));
    const fine = [
      'const p = new FunctionProto(properties);',
      'retrieval(x); myFunction(y); proto.Function(z);',
      'el.textContent = doc;',
      'setTimeout(() => run(), 10);',
    ];
    expect(fine.flatMap((line) => findForbidden('x.ts', line))).toEqual([]);
  });
});
