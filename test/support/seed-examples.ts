import { readFileSync } from 'node:fs';

/** The seed documents, beside the repository (`../shared/seeds/`), as CI checks them out. */
const seedsDirectory = new URL('../../../shared/seeds/', import.meta.url);

/** The original documents' base URL, replaced by the live Qiao's in every example. */
export const documentedBaseUrl = 'http://localhost:8000';

/** A seed document's text, by file name. */
export function readSeed(fileName: string): string {
  return readFileSync(new URL(fileName, seedsDirectory), 'utf8');
}

/** One fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The fence's info string (`python`, `json`, … or empty). */
  language: string;
  /** The code, without the fences. */
  code: string;
  /** The document text before the block, to tell blocks apart by their heading or caption. */
  before: string;
}

/** Every fenced code block, in document order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const fence = /^( *)```([^\n`]*)\n([\s\S]*?)^\1```[ \t]*$/gm;
  for (const match of markdown.matchAll(fence)) {
    const indent = match[1]!;
    const code = indent ? match[3]!.split('\n').map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line)).join('\n') : match[3]!;
    blocks.push({ language: match[2]!.trim(), code, before: markdown.slice(0, match.index) });
  }
  return blocks;
}

/** The first code block that follows `marker` in the document (e.g. a heading or a caption). */
export function blockAfter(markdown: string, marker: string, language?: string): CodeBlock {
  const at = markdown.indexOf(marker);
  if (at < 0) throw new Error(`marker ${JSON.stringify(marker)} not found in the seed document`);
  const block = codeBlocks(markdown).find((candidate) => candidate.before.length > at && (language === undefined || candidate.language === language));
  if (!block) throw new Error(`no ${language ?? ''} code block after ${JSON.stringify(marker)}`);
  return block;
}

/**
 * Lines of a document without code fences (seed 004 lost its Markdown): from the first line that
 * starts with `first` through the first following line that starts with `last`.
 */
export function linesBetween(text: string, first: string, last: string): string {
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.startsWith(first));
  if (start < 0) throw new Error(`no line starting with ${JSON.stringify(first)}`);
  const end = lines.findIndex((line, index) => index >= start && line.startsWith(last));
  if (end < 0) throw new Error(`no line starting with ${JSON.stringify(last)} after ${JSON.stringify(first)}`);
  return lines.slice(start, end + 1).join('\n');
}

/** An example with only its base URL changed to the live gateway's. */
export function pointedAt(code: string, baseUrl: string): string {
  if (!code.includes(documentedBaseUrl)) throw new Error(`the example does not mention ${documentedBaseUrl}`);
  return code.replaceAll(documentedBaseUrl, baseUrl);
}
