// Differential oracle: random ECMA-262 patterns and haystacks, judged by V8 (`u` flag).
// Usage: node tools/v8_oracle.js [count] [seed] [flags] > /tmp/oracle.jsonl
// then:  cargo run -p schemalint-formats --example differential < /tmp/oracle.jsonl
// Each line: {"pattern": P, "flags": F, "valid": bool, "cases": [[haystack, matches], ...]}.
// With flags (any of i, m, s) V8 runs `new RegExp(P, "u" + F)` and the Rust side compiles the
// ES2025 modifier group `(?F:P)`, which must mean the same.
// tests/v8_verdicts.jsonl holds 500 patterns from `node tools/v8_oracle.js 6000 11` and 100 each
// from runs with flags i, m, s and ims, dropping patterns with duplicate group names (Node 20
// predates ES2025) or with backreferences next to lookbehind (ECMA matches lookbehind right to
// left, fancy-regex does not), and astral haystacks for patterns with assertions (V8 tries
// empty matches between the halves of a surrogate pair).
'use strict';
const count = Number(process.argv[2] || 2000);
let seed = Number(process.argv[3] || 1);
const flags = process.argv[4] || '';
function random() { // xorshift32, reproducible
  seed ^= seed << 13; seed >>>= 0; seed ^= seed >>> 17; seed ^= seed << 5; seed >>>= 0;
  return seed / 4294967296;
}
const pick = (xs) => xs[Math.floor(random() * xs.length)];
const atoms = [
  'a', 'b', 'é', '🐲', 'K', '_', '-', ' ', '.', '\\d', '\\D', '\\w', '\\W', '\\s', '\\S',
  '[a-c]', '[^a]', '[^]', '[]', '[\\d_]', '[^\\w]', '[\\s\\S]', '[a\\-z]', '[\\b]', '\\u0041',
  '\\u{1F432}', '\\uD83D\\uDC32', '\\x61', '\\cA', '\\0', '\\t', '\\n', '\\/', '\\.', '\\$',
  '\\p{L}', '\\P{Lu}', '\\p{sc=Greek}', '\\p{Nd}', '[^\\p{L}\\d]', '[\\p{Lu}a]', '\\p{Zl}',
  '[\\uD7FF\\uE000]', '[^\\uD7FF\\uE000]', '\\p{Any}', '\\p{ASCII}',
];
const invalid = ['{', '}', ']', '\\a', '\\-', '(?P<x>a)', '\\c1', 'a**', '(?=a)*', '\\1', '\\k<zz>', '\\u12', '[z-a]', '(?i)a'];
function term(depth) {
  const r = random();
  if (r < 0.05) return pick(['^', '$', '\\b', '\\B']);
  if (r < 0.1 && depth < 3) return '(?=' + alternation(depth + 1) + ')';
  if (r < 0.13 && depth < 3) return '(?<!' + alternation(depth + 1) + ')';
  if (r < 0.16 && depth < 3) return '(?<=' + alternation(depth + 1) + ')';
  if (r < 0.19 && depth < 3) return '(?!' + alternation(depth + 1) + ')';
  let atom;
  const a = random();
  if (a < 0.15 && depth < 3) atom = '(' + alternation(depth + 1) + ')';
  else if (a < 0.22 && depth < 3) atom = '(?:' + alternation(depth + 1) + ')';
  else if (a < 0.26 && depth < 3) atom = '(?<g' + Math.floor(random() * 3) + '>' + alternation(depth + 1) + ')';
  else if (a < 0.29) atom = '\\' + (1 + Math.floor(random() * 2));
  else if (a < 0.31) atom = '\\k<g' + Math.floor(random() * 3) + '>';
  else if (a < 0.33) atom = pick(invalid);
  else atom = pick(atoms);
  const q = random();
  if (q < 0.1) atom += '*'; else if (q < 0.18) atom += '+'; else if (q < 0.24) atom += '?';
  else if (q < 0.28) atom += pick(['{2}', '{1,2}', '{0,}', '{1,3}?', '*?']);
  return atom;
}
function alternative(depth) { let s = ''; const n = 1 + Math.floor(random() * 3); for (let i = 0; i < n; i++) s += term(depth); return s; }
function alternation(depth) { let s = alternative(depth); while (random() < 0.2) s += '|' + alternative(depth); return s; }
const alphabet = ['a', 'b', 'c', 'A', 'K', '1', '٣', ' ', '\n', '\r', '\u2028', 'é', 'ſ', 'K', '🐲', '_', '-', 'λ', '\u00a0', '\ufeff', '\u0001', '\ud7ff', '\ue000'];
function haystack() { let s = ''; const n = Math.floor(random() * 7); for (let i = 0; i < n; i++) s += pick(alphabet); return s; }
for (let i = 0; i < count; i++) {
  const pattern = alternation(0);
  let re = null;
  try { re = new RegExp(pattern, 'u' + flags); } catch (e) { re = null; }
  const cases = [];
  if (re) for (let j = 0; j < 12; j++) { const h = haystack(); cases.push([h, re.test(h)]); }
  process.stdout.write(JSON.stringify({ pattern, flags, valid: re !== null, cases }) + '\n');
}
