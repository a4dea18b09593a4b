import { badRequest } from './errors.ts';

/**
 * A parser for the subset of OData `$filter` that Azure's list operations accept:
 * comparisons (eq, ne, gt, ge, lt, le) of a property path with a string, number, boolean or
 * date literal; `and`, `or`, `not`, parentheses; `contains`, `startswith` and `endswith`.
 * The result is a tree the store turns into SQL against a whitelist of properties.
 */
export type FilterValue = string | number | boolean | null;
export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le'; property: string; value: FilterValue }
  | { kind: 'function'; name: 'contains' | 'startswith' | 'endswith'; property: string; value: string };

type Token =
  | { t: 'lparen' | 'rparen' | 'comma' }
  | { t: 'ident'; v: string }
  | { t: 'string'; v: string }
  | { t: 'number'; v: number }
  | { t: 'literal'; v: boolean | null };

const COMPARISONS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
const FUNCTIONS = new Set(['contains', 'startswith', 'endswith']);
const MAX_LENGTH = 2000;

export function parseFilter(text: string, target = '$filter'): FilterNode {
  if (text.length > MAX_LENGTH) throw badRequest('InvalidFilter', `$filter is longer than ${MAX_LENGTH} characters`, target);
  const tokens = tokenize(text, target);
  let pos = 0;
  const fail = (msg: string): never => {
    throw badRequest('InvalidFilter', `Invalid $filter "${text}": ${msg}`, target);
  };
  const peek = () => tokens[pos];
  const next = () => tokens[pos++];
  const isWord = (tok: Token | undefined, word: string) => tok?.t === 'ident' && tok.v.toLowerCase() === word;

  function parseOr(): FilterNode {
    let left = parseAnd();
    while (isWord(peek(), 'or')) {
      next();
      left = { kind: 'or', left, right: parseAnd() };
    }
    return left;
  }
  function parseAnd(): FilterNode {
    let left = parseUnary();
    while (isWord(peek(), 'and')) {
      next();
      left = { kind: 'and', left, right: parseUnary() };
    }
    return left;
  }
  function parseUnary(): FilterNode {
    if (isWord(peek(), 'not')) {
      next();
      return { kind: 'not', operand: parseUnary() };
    }
    return parsePrimary();
  }
  function parsePrimary(): FilterNode {
    const tok = next();
    if (!tok) return fail('unexpected end');
    if (tok.t === 'lparen') {
      const inner = parseOr();
      if (next()?.t !== 'rparen') fail('missing ")"');
      return inner;
    }
    if (tok.t !== 'ident') return fail('expected a property name');
    const lower = tok.v.toLowerCase();
    if (FUNCTIONS.has(lower) && peek()?.t === 'lparen') {
      next();
      const prop = next();
      if (prop?.t !== 'ident') fail(`${lower}() needs a property first`);
      if (next()?.t !== 'comma') fail(`${lower}() needs two arguments`);
      const value = next();
      if (value?.t !== 'string') fail(`${lower}() needs a string second`);
      if (next()?.t !== 'rparen') fail(`missing ")" after ${lower}()`);
      return { kind: 'function', name: lower as 'contains', property: (prop as { v: string }).v, value: (value as { v: string }).v };
    }
    const op = next();
    if (op?.t !== 'ident' || !COMPARISONS.has(op.v.toLowerCase())) return fail(`expected eq, ne, gt, ge, lt or le after ${tok.v}`);
    const value = next();
    if (!value || (value.t !== 'string' && value.t !== 'number' && value.t !== 'literal')) return fail(`expected a value after ${op.v}`);
    return { kind: 'compare', op: op.v.toLowerCase() as 'eq', property: tok.v, value: value.v };
  }

  const tree = parseOr();
  if (pos !== tokens.length) fail('unexpected text after the expression');
  return tree;
}

function tokenize(text: string, target: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) { i++; continue; }
    if (ch === '(') { out.push({ t: 'lparen' }); i++; continue; }
    if (ch === ')') { out.push({ t: 'rparen' }); i++; continue; }
    if (ch === ',') { out.push({ t: 'comma' }); i++; continue; }
    if (ch === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw badRequest('InvalidFilter', `Invalid $filter "${text}": unterminated string`, target);
        if (text[i] === "'") {
          if (text[i + 1] === "'") { value += "'"; i += 2; continue; } // '' escapes a quote
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      out.push({ t: 'string', v: value });
      continue;
    }
    const num = /^-?\d+(\.\d+)?(?![\w-])/.exec(text.slice(i));
    if (num) { out.push({ t: 'number', v: Number(num[0]) }); i += num[0].length; continue; }
    const date = /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?/.exec(text.slice(i));
    if (date) { out.push({ t: 'string', v: date[0] }); i += date[0].length; continue; }
    const word = /^[A-Za-z_$][\w/$.]*/.exec(text.slice(i));
    if (word) {
      const w = word[0];
      const lower = w.toLowerCase();
      if (lower === 'true' || lower === 'false') out.push({ t: 'literal', v: lower === 'true' });
      else if (lower === 'null') out.push({ t: 'literal', v: null });
      else out.push({ t: 'ident', v: w });
      i += w.length;
      continue;
    }
    throw badRequest('InvalidFilter', `Invalid $filter "${text}": unexpected "${ch}" at position ${i + 1}`, target);
  }
  return out;
}
