import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFilter, type FilterNode, type FilterValue } from '../../src/domain/odata-filter.ts';

const cmp = (property: string, op: 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le', value: FilterValue): FilterNode => ({
  kind: 'compare', op, property, value,
});
const and = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'and', left, right });
const or = (left: FilterNode, right: FilterNode): FilterNode => ({ kind: 'or', left, right });
const not = (operand: FilterNode): FilterNode => ({ kind: 'not', operand });

const A = cmp('a', 'eq', 1);
const B = cmp('b', 'eq', 2);
const C = cmp('c', 'eq', 3);

const invalid = (target = '$filter') => ({ name: 'DomainError', status: 400, code: 'InvalidFilter', target });

describe('parseFilter: comparisons and literals', () => {
  test('every comparison operator, case-insensitive, normalised to lower case', () => {
    for (const op of ['eq', 'ne', 'gt', 'ge', 'lt', 'le'] as const) {
      assert.deepEqual(parseFilter(`quantity ${op} 5`), cmp('quantity', op, 5));
      assert.deepEqual(parseFilter(`quantity ${op.toUpperCase()} 5`), cmp('quantity', op, 5));
    }
  });

  test('property paths keep their spelling, with / and .', () => {
    assert.deepEqual(parseFilter("properties/displayName eq 'web'"), cmp('properties/displayName', 'eq', 'web'));
    assert.deepEqual(parseFilter("sku.name eq 'Standard_D2s_v5'"), cmp('sku.name', 'eq', 'Standard_D2s_v5'));
  });

  test('strings, with \'\' as an escaped quote', () => {
    assert.deepEqual(parseFilter("name eq 'Contoso'"), cmp('name', 'eq', 'Contoso'));
    assert.deepEqual(parseFilter("name eq 'O''Brien'"), cmp('name', 'eq', "O'Brien"));
    assert.deepEqual(parseFilter("name eq ''"), cmp('name', 'eq', ''));
    assert.deepEqual(parseFilter("name eq ''''"), cmp('name', 'eq', "'"));
    assert.deepEqual(parseFilter("name eq 'a and b or not c eq 1'"), cmp('name', 'eq', 'a and b or not c eq 1'));
    assert.deepEqual(parseFilter("name eq '  spaced ( ) , '"), cmp('name', 'eq', '  spaced ( ) , '));
  });

  test('numbers: integers, decimals, negatives', () => {
    assert.deepEqual(parseFilter('quantity eq 0'), cmp('quantity', 'eq', 0));
    assert.deepEqual(parseFilter('quantity ge 10'), cmp('quantity', 'ge', 10));
    assert.deepEqual(parseFilter('utilization gt 99.5'), cmp('utilization', 'gt', 99.5));
    assert.deepEqual(parseFilter('delta lt -3'), cmp('delta', 'lt', -3));
    assert.deepEqual(parseFilter('delta lt -0.25'), cmp('delta', 'lt', -0.25));
    assert.equal(typeof (parseFilter('x eq 7') as { value: unknown }).value, 'number');
  });

  test('booleans and null, case-insensitive', () => {
    assert.deepEqual(parseFilter('archived eq true'), cmp('archived', 'eq', true));
    assert.deepEqual(parseFilter('archived eq FALSE'), cmp('archived', 'eq', false));
    assert.deepEqual(parseFilter('renewDestination eq null'), cmp('renewDestination', 'eq', null));
  });

  test('a quoted boolean stays a string', () => {
    assert.deepEqual(parseFilter("archived eq 'true'"), cmp('archived', 'eq', 'true'));
  });

  test('dates and date-times are string values', () => {
    assert.deepEqual(parseFilter('expiryDate lt 2025-07-10'), cmp('expiryDate', 'lt', '2025-07-10'));
    assert.deepEqual(parseFilter('expiryDateTime ge 2024-07-10T12:30:00Z'), cmp('expiryDateTime', 'ge', '2024-07-10T12:30:00Z'));
    assert.deepEqual(parseFilter('at le 2024-07-10T12:30:00.123Z'), cmp('at', 'le', '2024-07-10T12:30:00.123Z'));
    assert.deepEqual(
      parseFilter('(expiryDate ge 2025-01-01)'),
      cmp('expiryDate', 'ge', '2025-01-01'),
      'a date right before ")"',
    );
  });

  test('whitespace is free', () => {
    assert.deepEqual(parseFilter('  a   eq\t1  '), A);
    assert.deepEqual(parseFilter('(a eq 1)and(b eq 2)'), and(A, B));
  });
});

describe('parseFilter: functions', () => {
  test('contains, startswith, endswith', () => {
    assert.deepEqual(parseFilter("contains(displayName, 'web')"), { kind: 'function', name: 'contains', property: 'displayName', value: 'web' });
    assert.deepEqual(parseFilter("startswith(properties/skuName,'Standard_')"), {
      kind: 'function', name: 'startswith', property: 'properties/skuName', value: 'Standard_',
    });
    assert.deepEqual(parseFilter("endswith(name, 'v5')"), { kind: 'function', name: 'endswith', property: 'name', value: 'v5' });
  });

  test('function names are case-insensitive and normalised', () => {
    assert.deepEqual(parseFilter("StartsWith(name, 'x')"), { kind: 'function', name: 'startswith', property: 'name', value: 'x' });
    assert.deepEqual(parseFilter("CONTAINS(name, 'x')"), { kind: 'function', name: 'contains', property: 'name', value: 'x' });
  });

  test('the value may contain quotes, commas and parentheses', () => {
    assert.deepEqual(parseFilter("contains(name, 'it''s (a, b)')"), { kind: 'function', name: 'contains', property: 'name', value: "it's (a, b)" });
  });

  test('functions combine with the boolean operators', () => {
    assert.deepEqual(parseFilter("not contains(name, 'x') and a eq 1"), and(not({ kind: 'function', name: 'contains', property: 'name', value: 'x' }), A));
  });

  test('a property that happens to be called "contains" is still a property', () => {
    assert.deepEqual(parseFilter("contains eq 'x'"), cmp('contains', 'eq', 'x'));
  });

  test('malformed calls are refused', () => {
    for (const bad of [
      'contains(name)',
      "contains('x', name)",
      'contains(name, 5)',
      'contains(name, true)',
      "contains(name, 'x'",
      "contains(name 'x')",
      "contains(name, 'x', 'y')",
      'contains()',
    ]) {
      assert.throws(() => parseFilter(bad), invalid(), `accepted ${bad}`);
    }
  });
});

describe('parseFilter: precedence and grouping', () => {
  test('and binds tighter than or: a or b and c → a or (b and c)', () => {
    assert.deepEqual(parseFilter('a eq 1 or b eq 2 and c eq 3'), or(A, and(B, C)));
    assert.deepEqual(parseFilter('a eq 1 and b eq 2 or c eq 3'), or(and(A, B), C));
  });

  test('not binds tighter than and: not a and b → (not a) and b', () => {
    assert.deepEqual(parseFilter('not a eq 1 and b eq 2'), and(not(A), B));
    assert.deepEqual(parseFilter('a eq 1 or not b eq 2'), or(A, not(B)));
  });

  test('not may repeat', () => {
    assert.deepEqual(parseFilter('not not a eq 1'), not(not(A)));
  });

  test('parentheses override precedence', () => {
    assert.deepEqual(parseFilter('(a eq 1 or b eq 2) and c eq 3'), and(or(A, B), C));
    assert.deepEqual(parseFilter('not (a eq 1 or b eq 2)'), not(or(A, B)));
    assert.deepEqual(parseFilter('((a eq 1))'), A);
    assert.deepEqual(parseFilter('a eq 1 and (b eq 2 or (c eq 3))'), and(A, or(B, C)));
  });

  test('and and or associate to the left', () => {
    assert.deepEqual(parseFilter('a eq 1 and b eq 2 and c eq 3'), and(and(A, B), C));
    assert.deepEqual(parseFilter('a eq 1 or b eq 2 or c eq 3'), or(or(A, B), C));
  });

  test('keywords are case-insensitive', () => {
    assert.deepEqual(parseFilter('a eq 1 AND b eq 2 Or NOT c eq 3'), or(and(A, B), not(C)));
  });

  test('identifiers that merely start with a keyword are properties', () => {
    assert.deepEqual(parseFilter("order eq 'x' and notes eq 'y'"), and(cmp('order', 'eq', 'x'), cmp('notes', 'eq', 'y')));
    assert.deepEqual(parseFilter('android eq true'), cmp('android', 'eq', true));
  });
});

describe('parseFilter: malformed input is InvalidFilter', () => {
  const cases: Record<string, string> = {
    empty: '',
    blank: '   ',
    'missing operator': 'a 1',
    'missing value': 'a eq',
    'unknown operator': 'a like 1',
    'property as value': 'a eq b',
    'dangling and': 'a eq 1 and',
    'dangling or': 'a eq 1 or',
    'leading and': 'and a eq 1',
    'bare not': 'not',
    'two expressions without a connective': 'a eq 1 b eq 2',
    'unclosed parenthesis': '(a eq 1',
    'extra closing parenthesis': 'a eq 1)',
    'empty parentheses': '()',
    'unterminated string': "a eq 'abc",
    'unterminated after escaped quote': "a eq 'abc''",
    'double-quoted string': 'a eq "x"',
    'stray character': 'a eq 1 & b eq 2',
    'symbolic operator': 'a = 1',
    'value first': '1 eq a',
    'string first': "'x' eq a",
    'number glued to a word': 'a eq 3and b eq 1',
    'exponent number': 'a eq 1e3',
    'comma outside a function': 'a eq 1, b eq 2',
  };
  for (const [name, text] of Object.entries(cases)) {
    test(name, () => {
      assert.throws(() => parseFilter(text), invalid());
    });
  }

  test('the message quotes the filter and the target is configurable', () => {
    assert.throws(() => parseFilter('a eq', 'filter'), { code: 'InvalidFilter', target: 'filter', message: /Invalid \$filter "a eq"/ });
  });

  test('an over-long filter is refused before parsing', () => {
    const long = Array.from({ length: 200 }, (_, i) => `a eq ${i}`).join(' or ');
    assert.ok(long.length > 2000);
    assert.throws(() => parseFilter(long), { code: 'InvalidFilter', message: /longer than 2000/ });
    // just under the limit parses
    const ok = `name eq '${'x'.repeat(1985)}'`;
    assert.ok(ok.length <= 2000);
    assert.equal(parseFilter(ok).kind, 'compare');
  });
});

describe('parseFilter: properties', () => {
  const ident = fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,10}$/).filter((s) => !['and', 'or', 'not', 'true', 'false', 'null', 'eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(s.toLowerCase()));

  test('property: any string round-trips through quoting with \'\'', () => {
    fc.assert(
      fc.property(ident, fc.string({ maxLength: 40 }), (prop, value) => {
        const quoted = `'${value.replaceAll("'", "''")}'`;
        assert.deepEqual(parseFilter(`${prop} eq ${quoted}`), cmp(prop, 'eq', value));
        assert.deepEqual(parseFilter(`contains(${prop}, ${quoted})`), { kind: 'function', name: 'contains', property: prop, value });
      }),
    );
  });

  test('property: integers and finite decimals parse to their number', () => {
    fc.assert(
      fc.property(ident, fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.nat({ max: 9999 }), (prop, whole, frac) => {
        assert.deepEqual(parseFilter(`${prop} eq ${whole}`), cmp(prop, 'eq', whole));
        const text = `${whole}.${frac}`;
        assert.deepEqual(parseFilter(`${prop} lt ${text}`), cmp(prop, 'lt', Number(text)));
      }),
    );
  });

  /** Prints a tree fully parenthesised; parsing it gives the tree back. */
  const print = (n: FilterNode): string => {
    switch (n.kind) {
      case 'and':
      case 'or':
        return `(${print(n.left)} ${n.kind} ${print(n.right)})`;
      case 'not':
        return `not (${print(n.operand)})`;
      case 'function':
        return `${n.name}(${n.property}, '${n.value.replaceAll("'", "''")}')`;
      case 'compare': {
        const v = typeof n.value === 'string' ? `'${n.value.replaceAll("'", "''")}'` : String(n.value);
        return `${n.property} ${n.op} ${v}`;
      }
    }
  };

  /** fast-check 4 builds null-prototype records unless told otherwise; the parser builds plain objects. */
  const plain = { noNullPrototype: true } as const;

  test('property: printing any tree fully parenthesised and parsing it gives the tree back', () => {
    const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
      fc.record({
        kind: fc.constant('compare' as const),
        op: fc.constantFrom('eq' as const, 'ne' as const, 'gt' as const, 'ge' as const, 'lt' as const, 'le' as const),
        property: ident,
        value: fc.oneof(fc.string({ maxLength: 8 }), fc.integer({ min: -1000, max: 1000 }), fc.boolean(), fc.constant(null)),
      }, plain),
      fc.record({
        kind: fc.constant('function' as const),
        name: fc.constantFrom('contains' as const, 'startswith' as const, 'endswith' as const),
        property: ident,
        value: fc.string({ maxLength: 8 }),
      }, plain),
    );
    const tree = fc.letrec<{ node: FilterNode }>((tie) => ({
      node: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.record({ kind: fc.constantFrom('and' as const, 'or' as const), left: tie('node'), right: tie('node') }, plain),
        fc.record({ kind: fc.constant('not' as const), operand: tie('node') }, plain),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (t) => {
        const text = print(t);
        fc.pre(text.length <= 2000);
        assert.deepEqual(parseFilter(text), t);
      }),
    );
  });
});
