// validate-shacl.mjs: validate RDF/XML files against SHACL shapes in
// Turtle with rdf-validate-shacl (npm, pinned in package.json), no
// inference, as the DCAT-AP shapes expect.
//
// usage: node tests/node/validate-shacl.mjs SHAPES.ttl[,SHAPES.ttl...] FILE.rdf...
// Prints, per file, one line per violation, sorted: "FILE: FOCUS PATH:
// CONSTRAINT [VALUE][: MESSAGE]"; then "FILE: conforms" or "FILE: N
// violations".
// Exits 1 when any file does not conform, 2 on a usage or parse error.
import fs from 'node:fs'
import rdf from '@zazuko/env-node'
import SHACLValidator from 'rdf-validate-shacl'
import { Parser as N3Parser } from 'n3'
import { RdfXmlParser } from 'rdfxml-streaming-parser'

function turtle(file, ds) {
  const parser = new N3Parser({ baseIRI: 'file://' + fs.realpathSync(file) })
  for (const q of parser.parse(fs.readFileSync(file, 'utf8'))) ds.add(q)
}

function rdfxml(file) {
  return new Promise((resolve, reject) => {
    const ds = rdf.dataset()
    const parser = new RdfXmlParser({
      baseIRI: 'file://' + fs.realpathSync(file), dataFactory: rdf
    })
    parser.on('data', (q) => ds.add(q))
    parser.on('error', reject)
    parser.on('end', () => resolve(ds))
    parser.write(fs.readFileSync(file))
    parser.end()
  })
}

function short(term) {
  if (!term) return '-'
  return term.termType === 'BlankNode' ? '_:b' : term.value
}

const [shapeArg, ...files] = process.argv.slice(2)
if (!shapeArg || files.length === 0) {
  console.error('usage: node validate-shacl.mjs SHAPES.ttl[,...] FILE.rdf...')
  process.exit(2)
}
let bad = false
try {
  const shapes = rdf.dataset()
  for (const f of shapeArg.split(',')) turtle(f, shapes)
  const validator = new SHACLValidator(shapes, { factory: rdf })
  for (const file of files) {
    const report = await validator.validate(await rdfxml(file))
    const lines = report.results.map((r) =>
      `${file}: ${short(r.focusNode)} ${short(r.path)}: ` +
      `${short(r.sourceConstraintComponent).replace(/.*#/, '')}` +
      (r.value ? ` ${short(r.value)}` : '') +
      (r.message.length ? ': ' + r.message.map((m) => m.value).join(' ')
        : '')).sort()
    for (const l of lines) console.log(l)
    console.log(report.conforms ? `${file}: conforms`
      : `${file}: ${lines.length} violations`)
    bad ||= !report.conforms
  }
} catch (e) {
  console.error(`validate-shacl: ${e.message}`)
  process.exit(2)
}
process.exit(bad ? 1 : 0)
