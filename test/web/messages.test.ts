import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadMessageFiles } from './dictionaries.ts';

/**
 * The console's words (issue 6): every area's message file has the same keys in English and
 * Korean, keys are prefixed by the area, no key is defined by two files, and no Korean text is the
 * English one left untranslated unless the area declared the key language-neutral.
 */
const files = await loadMessageFiles();

describe('console messages', () => {
  test('there are message files, the shell\'s among them', () => {
    assert.ok(files.some((f) => f.file === 'shell.ts'), 'web/src/i18n/messages/shell.ts');
  });

  for (const f of files) {
    describe(f.file, () => {
      test('English and Korean have the same keys', () => {
        const en = Object.keys(f.messages.en).sort();
        const ko = Object.keys(f.messages.ko).sort();
        assert.deepEqual(ko.filter((k) => !en.includes(k)), [], 'keys only in Korean');
        assert.deepEqual(en.filter((k) => !ko.includes(k)), [], 'keys only in English');
      });

      test('no Korean text is left in English (except declared language-neutral keys)', () => {
        const untranslated = Object.keys(f.messages.en).filter(
          (k) => f.messages.ko[k] === f.messages.en[k] && !f.neutral.includes(k) && /[A-Za-z]{2}/.test(f.messages.en[k]!),
        );
        assert.deepEqual(untranslated, []);
      });

      test('no empty texts, and placeholders match between the languages', () => {
        for (const [k, en] of Object.entries(f.messages.en)) {
          const ko = f.messages.ko[k];
          assert.ok(en.trim() !== '', `${k} is empty in English`);
          if (ko === undefined) continue;
          assert.ok(ko.trim() !== '', `${k} is empty in Korean`);
          const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
          assert.deepEqual(vars(ko), vars(en), `${k}: placeholders differ`);
        }
      });

      test('declared language-neutral keys exist', () => {
        assert.deepEqual(f.neutral.filter((k) => f.messages.en[k] === undefined), []);
      });
    });
  }

  test('no key is defined by two files (each area owns its prefix)', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const f of files) {
      for (const k of Object.keys(f.messages.en)) {
        const prev = owner.get(k);
        if (prev && prev !== f.file) clashes.push(`${k} (${prev}, ${f.file})`);
        owner.set(k, f.file);
      }
    }
    assert.deepEqual(clashes, []);
  });
});
