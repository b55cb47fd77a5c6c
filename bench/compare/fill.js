// fill.js: the office's usual pipeline, first half. It makes a docxtemplater
// template from one DOCX vanban wrote (the document of the data's first row,
// its values replaced by {tags}), then fills the template once per row of
// the data, as a script in an office would, and writes N.docx to OUTDIR.
//
//   node fill.js FIRST-ROW.docx DATA.csv OUTDIR
//
// It prints the time the filling took, in seconds, on its last line.
"use strict";
const fs = require("fs");
const path = require("path");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

const [sample, csvFile, outDir] = process.argv.slice(2);
if (!outDir) {
  console.error("usage: node fill.js FIRST-ROW.docx DATA.csv OUTDIR");
  process.exit(2);
}

// The data: a header line, then one row per document. The sample data has
// no quoted fields.
const lines = fs.readFileSync(csvFile, "utf8").trim().split(/\r?\n/);
const header = lines[0].split(",");
const rows = lines.slice(1).map((l) => {
  const v = l.split(",");
  const row = {};
  header.forEach((h, i) => (row[h] = v[i]));
  // The template shows the unit in capitals in the heading and its bare
  // name ("Ba Đình") in the place line: docxtemplater needs them as data.
  row.DON_VI = row.don_vi.toLocaleUpperCase("vi");
  row.ten = row.don_vi.split(" ").slice(1).join(" ");
  row.TINH = row.tinh.toLocaleUpperCase("vi");
  return row;
});

// The template: the first row's values in the document replaced by tags,
// longest first so that "Phường Ba Đình" goes before "Ba Đình".
const first = rows[0];
const zip = new PizZip(fs.readFileSync(sample));
let xml = zip.file("word/document.xml").asText();
const keys = Object.keys(first).sort((a, b) => first[b].length - first[a].length);
for (const k of keys) {
  xml = xml.split(escapeXML(first[k])).join("{" + k + "}");
}
zip.file("word/document.xml", xml);
const template = zip.generate({ type: "nodebuffer" });
function escapeXML(s) {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

fs.mkdirSync(outDir, { recursive: true });
const start = process.hrtime.bigint();
rows.forEach((row, i) => {
  const doc = new Docxtemplater(new PizZip(template), { paragraphLoop: true, linebreaks: true });
  doc.render(row);
  const out = doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" });
  fs.writeFileSync(path.join(outDir, String(i + 1).padStart(4, "0") + ".docx"), out);
});
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
console.log(seconds.toFixed(2));
