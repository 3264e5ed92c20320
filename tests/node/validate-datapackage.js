'use strict'
// validate-datapackage.js: check datapackage.json files with the
// Frictionless Data Package library (npm "datapackage", pinned in
// package.json): the descriptor against its profile, then every resource:
// its size and SHA-256 against the file, and every row read and cast with
// its Table Schema (types, constraints, missing values, primary key).
//
// usage: node tests/node/validate-datapackage.js DATAPACKAGE.JSON...
// Prints one line per problem and "FILE: valid" or "FILE: N problems";
// exits 1 when any file has a problem.
const crypto = require('crypto')
const fs = require('fs')
const path = require('path')
const { Package } = require('datapackage')

function messages(error) {
  if (error && Array.isArray(error.errors) && error.errors.length > 0)
    return error.errors.map((e) => e.message)
  return [error && error.message ? error.message : String(error)]
}

async function validate(file) {
  const problems = []
  const dir = path.dirname(file)
  let pkg
  try {
    pkg = await Package.load(file)
  } catch (error) {
    return messages(error)
  }
  for (const e of pkg.errors) problems.push(`descriptor: ${e.message}`)
  if (pkg.descriptor.profile !== 'tabular-data-package')
    problems.push(`descriptor: profile is ${pkg.descriptor.profile}`)
  if (pkg.resources.length === 0) problems.push('descriptor: no resources')
  // The profile's "date-time" format is not checked by the library.
  const created = pkg.descriptor.created
  const rfc3339 =
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
  if (!rfc3339.test(created) || Number.isNaN(Date.parse(created)))
    problems.push(`descriptor: created is not RFC 3339: ${created}`)
  for (const resource of pkg.resources) {
    const d = resource.descriptor
    const name = `resource ${d.name}`
    for (const e of resource.errors) problems.push(`${name}: ${e.message}`)
    if (!resource.tabular) problems.push(`${name}: not tabular`)
    let data
    try {
      data = fs.readFileSync(path.join(dir, d.path))
    } catch (error) {
      problems.push(`${name}: ${error.message}`)
      continue
    }
    if (d.bytes !== data.length)
      problems.push(`${name}: bytes ${d.bytes}, the file ${data.length}`)
    const sha = 'sha256:' +
      crypto.createHash('sha256').update(data).digest('hex')
    if (d.hash !== sha)
      problems.push(`${name}: hash ${d.hash}, the file ${sha}`)
    try {
      const rows = await resource.read({ keyed: true })
      if (rows.length === 0) problems.push(`${name}: no rows`)
    } catch (error) {
      for (const m of messages(error)) problems.push(`${name}: ${m}`)
    }
  }
  return problems
}

async function main(files) {
  if (files.length === 0) {
    console.error('usage: validate-datapackage.js DATAPACKAGE.JSON...')
    return 2
  }
  let bad = 0
  for (const file of files) {
    const problems = await validate(file)
    for (const p of problems) console.log(`${file}: ${p}`)
    console.log(problems.length === 0 ? `${file}: valid`
      : `${file}: ${problems.length} problem${problems.length === 1 ? '' : 's'}`)
    if (problems.length > 0) bad++
  }
  return bad === 0 ? 0 : 1
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code },
  (error) => {
    console.error(error)
    process.exitCode = 1
  })
