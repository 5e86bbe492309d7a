// What pdf.js (the engine of Firefox's PDF viewer, which hands the structure tree to screen
// readers) reads from a PDF: per page the structure tree, the text of each marked-content
// sequence and the annotations; and the document's outline. Printed as JSON on stdout.
//
//   node tests/pdfjs_read.mjs FILE.pdf
//
// Everything comes from node_modules (package-lock.json): nothing is fetched at run time.
import { readFile } from "node:fs/promises";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";

const data = new Uint8Array(await readFile(process.argv[2]));
const pdf = await getDocument({ data, useSystemFonts: false, isEvalSupported: false,
                                verbosity: 0 }).promise;

async function readPage(number) {
  const page = await pdf.getPage(number);
  const content = await page.getTextContent({ includeMarkedContent: true });
  const marked = {};
  const open = [];
  for (const item of content.items) {
    if (item.type === "beginMarkedContentProps" || item.type === "beginMarkedContent") {
      open.push(item.id ?? null);
    } else if (item.type === "endMarkedContent") {
      open.pop();
    } else if (item.str !== undefined) {
      // pdf.js drops a space painted at the end of a line and marks the line's end with
      // hasEOL instead (its text layer draws a <br> there, which a screen reader reads as
      // a break between words): so an end of line is a line feed here.
      const id = open.findLast((x) => x !== null);
      if (id !== undefined) marked[id] = (marked[id] ?? "") + (item.hasEOL ? "\n" : "") + item.str;
    }
  }
  // id is the annotation's object ("55R"): the id of the "object" kid of the structure
  // element holding it. rect is where a click lands, in PDF units from the page's foot.
  const annotations = (await page.getAnnotations()).map((a) => ({
    subtype: a.subtype, url: a.url ?? a.unsafeUrl ?? null, dest: a.dest ?? null, contents: a.contentsObj?.str ?? "",
    id: a.id, rect: a.rect ?? null }));
  return { structTree: await page.getStructTree(), marked, annotations };
}

function outlineTitles(items, depth, found) {
  for (const item of items ?? []) {
    found.push([depth, item.title]);
    outlineTitles(item.items, depth + 1, found);
  }
  return found;
}

const pages = [];
for (let number = 1; number <= pdf.numPages; number++) pages.push(await readPage(number));
const outline = outlineTitles(await pdf.getOutline(), 1, []);
process.stdout.write(JSON.stringify({ pages, outline }));
