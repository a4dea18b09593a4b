import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The console's message files (web/src/i18n/messages/<area>.ts) read from node, for the message
 * tests and the browser harness: the same flat dictionaries the console collects with
 * import.meta.glob.
 */

export type Dict = Record<string, string>;
export interface MessageFile {
  file: string;
  messages: { en: Dict; ko: Dict };
  neutral: readonly string[];
}

const DIR = fileURLToPath(new URL('../../web/src/i18n/messages/', import.meta.url));

export async function loadMessageFiles(): Promise<MessageFile[]> {
  const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.ts')).sort();
  const out: MessageFile[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(DIR, file)).href)) as { messages?: { en: Dict; ko: Dict }; neutral?: readonly string[] };
    if (!mod.messages) throw new Error(`${file} does not export messages`);
    out.push({ file, messages: mod.messages, neutral: mod.neutral ?? [] });
  }
  return out;
}

const loaded = await loadMessageFiles();

export function collectDictionaries(): { en: Dict; ko: Dict } {
  const en: Dict = {};
  const ko: Dict = {};
  for (const f of loaded) {
    Object.assign(en, f.messages.en);
    Object.assign(ko, f.messages.ko);
  }
  return { en, ko };
}

/** English texts of the keys the areas declared language-neutral (IDs, "Azure", SKU codes…). */
export function languageNeutralValues(): Set<string> {
  const out = new Set<string>();
  for (const f of loaded) for (const key of f.neutral) if (f.messages.en[key] !== undefined) out.add(f.messages.en[key]);
  return out;
}
