// Oracle for the Annex B fallback: patterns JSON Schemas in the wild write that are invalid
// with the `u` flag, judged by V8 without it (`new RegExp(P)`), plus a few valid `u`-mode ones
// (judged with `u`, as schemalint reads them).
// Usage: node tools/annex_b_oracle.js > tests/annex_b_verdicts.jsonl
// Each line: {"pattern": P, "u_valid": bool, "valid": bool, "cases": [[haystack, matches], ...]}.
// Haystacks are BMP-only: without `u`, V8 matches UTF-16 code units, schemalint code points,
// which differ only on astral characters (see the module docs of `regex`).
'use strict';
const patterns = [
  // identity escapes
  String.raw`^[a-zA-Z0-9\-_]+$`, String.raw`^[\w\-\.]+$`, String.raw`^\d{3}\-\d{4}$`,
  String.raw`^[a-z]+\:[0-9]+$`, String.raw`^\@[a-z]+$`, String.raw`^[\w.\-]+@[\w\-]+\.\w+$`,
  String.raw`^\#[0-9a-f]+$`, String.raw`^\s*\=`, String.raw`^[^\s\"\']+$`, String.raw`\'`,
  String.raw`\"`, String.raw`\%\&\,\!`, String.raw`\<\>\~`, '\\`', String.raw`a\ b`,
  String.raw`^([01]?\d|2[0-3])\:[0-5]\d$`, String.raw`\_`, String.raw`\a`, String.raw`\e`,
  String.raw`\z`, String.raw`\A\Z`, String.raw`^[\-\w]*$`, String.raw`\d+\.\d+\s\-\s\d+`,
  // braces and brackets
  String.raw`^{.*}$`, String.raw`^\{.*}$`, 'a{', 'a{1', 'a{,5}', 'x{2}{', '}', ']', 'a]b',
  '{1}', 'a{2,1}', 'x{1}{2}',
  // class ranges with a class escape bound
  String.raw`[\w-.]+`, String.raw`^[a-z\d-_]+$`, String.raw`[\d-z]`, String.raw`[a-\w]`,
  String.raw`[\s-\d]`,
  // decimal and octal escapes
  String.raw`\1`, String.raw`\8`, String.raw`(a)\2`, String.raw`(a)\1`, String.raw`\012`,
  String.raw`\0123`, String.raw`\400`, String.raw`[\1]`, String.raw`[\18]`, String.raw`\01`,
  // \c, \x, \u, \p, \k
  String.raw`\c1`, String.raw`\c`, String.raw`[\c1]`, String.raw`[\c_]`, String.raw`[\c*]`,
  String.raw`\x4`, String.raw`\xZZ`, String.raw`\u12`, String.raw`\u{3}`, String.raw`\p{L}\-`,
  String.raw`\k`, String.raw`\k<a>`, String.raw`(?<a>x)\k`, String.raw`[\B]`, String.raw`[\k]`,
  // quantified lookahead
  '(?=a)*b', '(?=a){2}b', '(?!a)+b', '(?<=a)*b',
  // still errors without `u`
  '(?P<x>a)', '(?i)a', 'a**', '[z-a]', '(', 'a)', '[a', '\\',
  // valid with `u` as well: read in `u` mode
  String.raw`^\d+$`, String.raw`[\-]`, String.raw`^\$\{[a-z]+\}$`, String.raw`[^\]]`,
];
const haystacks = [
  '', 'a', 'b', 'ab', 'aab', 'abc', 'A', 'Z', 'x', 'xx', 'u', 'uuu', '-', '_', ':', '@', '.',
  '#', '=', ' ', "'", '"', '`', '%&,!', '<>~', 'a b', '{', '}', ']', 'a]b', '{x}', '{.*}', 'a{',
  'a{1', 'a{,5}', 'xx{', 'x{2}', 'a-b', 'a_b', 'a.b', 'A-z_9', 'host-1:80', 'x@y.z', 'x.y-z@ex-a.com',
  '#fff', '  =', '12:59', '24:00', '555-1234', '1.5 - 2', '\u0001', '\u0008', '\n', '\u0011',
  '\u00011', '\u00113', '\u00200', '8', '\u000a3', 'c', '\\c', '\\c1', '\u0011', '\u001f', '*',
  'x4', 'xZZ', 'u12', 'p{L}-', 'p{L}', 'k', 'k<a>', 'xk', 'B', 'é', '9', 'z', 'q',
];
for (const pattern of patterns) {
  let uValid = true;
  try { new RegExp(pattern, 'u'); } catch (e) { uValid = false; }
  // What schemalint does: `u` mode when the pattern is valid there, else without `u`.
  let re = null;
  try { re = new RegExp(pattern, uValid ? 'u' : ''); } catch (e) { re = null; }
  const cases = re ? haystacks.map((h) => [h, re.test(h)]) : [];
  console.log(JSON.stringify({ pattern, u_valid: uValid, valid: re !== null, cases }));
}
