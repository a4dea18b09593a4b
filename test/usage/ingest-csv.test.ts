import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CsvReader } from '../../src/services/usage/csv-reader.ts';
import { decimalToNano, hourSpan, nanoToMinor, parseUtcInstant } from '../../src/services/usage/value-parsers.ts';

/** The streaming CSV reader and the field parsers of the usage importer. */

type Out = { line: number; fields?: string[]; error?: string };

function readAll(chunks: string[]): Out[] {
  const out: Out[] = [];
  const r = new CsvReader({ record: (fields, line) => out.push({ line, fields }), invalid: (line, reason) => out.push({ line, error: reason }) });
  for (const c of chunks) r.push(c);
  r.end();
  return out;
}

/** Every way of cutting the text in two chunks must read the same. */
function readEverySplit(text: string): Out[] {
  const whole = readAll([text]);
  for (let i = 1; i < text.length; i++) assert.deepEqual(readAll([text.slice(0, i), text.slice(i)]), whole, `split at ${i}`);
  return whole;
}

describe('usage ingest: CSV reader', () => {
  test('plain records, LF and CRLF, a last line without a break, blank lines skipped but counted', () => {
    assert.deepEqual(readEverySplit('a,b,c\r\n1,2,3\n\n4,,6'), [
      { line: 1, fields: ['a', 'b', 'c'] }, { line: 2, fields: ['1', '2', '3'] }, { line: 4, fields: ['4', '', '6'] },
    ]);
  });

  test('RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes; lines counted physically', () => {
    const text = 'a,b\n"x, y","say ""hi"""\n"multi\r\nline",z\r\nlast,"{""ServiceType"":""Standard_D2s_v5""}"\n';
    assert.deepEqual(readEverySplit(text), [
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['multi\r\nline', 'z'] },
      { line: 5, fields: ['last', '{"ServiceType":"Standard_D2s_v5"}'] },
    ]);
  });

  test('bad quoting rejects that record with its line, and reading resumes on the next line', () => {
    const text = 'a,b\n1,x"y\n"open"junk,2\n3,4\n';
    const out = readEverySplit(text);
    assert.deepEqual(out.map((o) => [o.line, o.fields ?? o.error!.split(':')[0]]), [[1, ['a', 'b']], [2, 'bad quoting'], [3, 'bad quoting'], [4, ['3', '4']]]);
  });

  test('a quote never closed is reported at the line where it opened', () => {
    const out = readAll(['a,b\n1,"never\nclosed\n']);
    assert.deepEqual(out.map((o) => o.line), [1, 2]);
    assert.match(out[1]!.error!, /not closed before the end of the file/);
  });
});

describe('usage ingest: field parsers', () => {
  test('decimals are exact in 10^-9 units, including exponents, and round half to even into minor units', () => {
    assert.equal(decimalToNano('0.1'), 100_000_000n);
    assert.equal(decimalToNano('12.3456789012'), 12_345_678_901n);
    assert.equal(decimalToNano('-0.5'), -500_000_000n);
    assert.equal(decimalToNano('1.2E-05'), 12_000n);
    assert.equal(decimalToNano('3e2'), 300_000_000_000n);
    assert.equal(decimalToNano('abc'), null);
    assert.equal(decimalToNano(''), null);
    assert.equal(nanoToMinor(decimalToNano('0.125')!, 2), 12);
    assert.equal(nanoToMinor(decimalToNano('0.135')!, 2), 14);
    assert.equal(nanoToMinor(decimalToNano('1234.5')!, 0), 1234);
  });

  test('UTC instants in the forms Cost Management writes; anything else is refused', () => {
    const t = Date.UTC(2026, 10, 20, 13, 0, 0);
    for (const s of ['2026-11-20T13:00Z', '2026-11-20T13:00:00Z', '2026-11-20T13:00:00.0000000Z', '2026-11-20T13:00:00+00:00', '2026-11-20 13:00:00']) assert.equal(parseUtcInstant(s), t, s);
    assert.equal(parseUtcInstant('2026-11-20'), Date.UTC(2026, 10, 20));
    for (const s of ['11/20/2026', '2026-02-30T00:00Z', '2026-11-20T25:00Z', '2026-11-20T13:00+09:00', 'x']) assert.equal(parseUtcInstant(s), null, s);
  });

  test('a charge period becomes hours of one UTC day', () => {
    assert.deepEqual(hourSpan(Date.UTC(2026, 10, 20, 13), Date.UTC(2026, 10, 20, 14)), { date: '2026-11-20', from: 13, to: 14 });
    assert.deepEqual(hourSpan(Date.UTC(2026, 10, 20), Date.UTC(2026, 10, 21)), { date: '2026-11-20', from: 0, to: 24 });
    assert.match(hourSpan(Date.UTC(2026, 10, 20, 13), Date.UTC(2026, 10, 21, 1)) as string, /more than one UTC day/);
    assert.match(hourSpan(Date.UTC(2026, 10, 20, 13), Date.UTC(2026, 10, 20, 13)) as string, /after ChargePeriodStart/);
  });
});
