// Reads a citation file with citation-js, the parser many reference tools build on, and prints the
// CSL-JSON it understood. Usage: node parse-citation.mjs <file> <bibtex|ris|csl>
import { readFileSync } from 'node:fs';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import '@citation-js/plugin-csl';

const [file, format] = process.argv.slice(2);
const types = { bibtex: '@biblatex/text', ris: '@ris/file', csl: '@csl/list+object' };
if (!file || !types[format]) {
  console.error('usage: parse-citation.mjs <file> <bibtex|ris|csl>');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const input = format === 'csl' ? JSON.parse(text) : text;
// Strict: a format the parser does not recognise must fail, not fall back to guessing.
const cite = await Cite.async(input, { forceType: types[format], strict: true });
process.stdout.write(JSON.stringify(cite.data, null, 2) + '\n');
