// lib.js: what the web tests share: results, the site's files, HTTP
// without decoding, and the npm packages of tests/node.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const http = require('node:http');
const { createRequire } = require('node:module');

// The packages live in tests/node (one lock file for every node tool).
const nodeRequire = createRequire(path.join(__dirname, '..', 'node',
    'package.json'));

// Results: each test is one page (or file, or file type) and one rule; a
// failure names both, with what was wrong.
class Results {
	constructor() {
		this.passed = 0;
		this.failed = 0;
	}

	// PROBLEMS is a list of strings; none means the test passed.
	record(page, rule, problems) {
		if (problems.length === 0) {
			this.passed++;
			return true;
		}
		this.failed++;
		const shown = problems.slice(0, 12);
		if (shown.length === 1 && !shown[0].includes('\n')) {
			console.log(`FAIL: ${page}: ${rule}: ${shown[0]}`);
		} else {
			console.log(`FAIL: ${page}: ${rule}:`);
			for (const p of shown)
				console.log('    ' + p.replace(/\n/g, '\n    '));
			if (problems.length > shown.length)
				console.log(`    ... and ${problems.length - shown.length} more`);
		}
		return false;
	}

	// Run FN (sync or async), which returns a list of problems; an
	// exception is a failure too.
	async test(page, rule, fn) {
		let problems;
		try {
			problems = (await fn()) || [];
		} catch (e) {
			problems = [`${e && e.message ? e.message.split('\n')[0] : e}`];
		}
		return this.record(page, rule, problems);
	}
}

// Every file of the site, as paths relative to its top, sorted.
function siteFiles(dir) {
	const files = [];
	const walk = (rel) => {
		for (const e of fs.readdirSync(path.join(dir, rel),
		    { withFileTypes: true })) {
			const r = rel ? `${rel}/${e.name}` : e.name;
			if (e.isDirectory())
				walk(r);
			else
				files.push(r);
		}
	};
	walk('');
	return files.sort();
}

// GET (or another METHOD) URL with HEADERS; the body is left as sent
// (no decompression). Resolves to { status, headers, body }.
function request(url, { method = 'GET', headers = {} } = {}) {
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent: keepAlive },
		    (res) => {
			const chunks = [];
			res.on('data', (c) => chunks.push(c));
			res.on('end', () => resolve({ status: res.statusCode,
			    headers: res.headers, body: Buffer.concat(chunks) }));
			res.on('error', reject);
		});
		req.setTimeout(15000, () => req.destroy(new Error(`timeout: ${url}`)));
		req.on('error', reject);
		req.end();
	});
}
const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 4 });

// The content type a file of the site must be served with.
function expectedType(rel) {
	const name = rel.split('/').pop();
	if (name === 'SHA256SUMS')
		return 'text/plain; charset=utf-8';
	// The marker that says reeks made the site (gen/out/out.h): no extension,
	// nginx's default type.
	if (name === '.reeks-site')
		return 'application/octet-stream';
	const ext = name.includes('.') ? name.split('.').pop() : '';
	const types = {
		html: 'text/html; charset=utf-8',
		css: 'text/css; charset=utf-8',
		js: 'text/javascript; charset=utf-8',
		csv: 'text/csv; charset=utf-8',
		json: 'application/json; charset=utf-8',
		xml: 'application/xml; charset=utf-8',
		xsd: 'application/xml; charset=utf-8',
		rdf: 'application/rdf+xml; charset=utf-8',
		atom: 'application/atom+xml; charset=utf-8',
		svg: 'image/svg+xml; charset=utf-8',
		png: 'image/png',
		zip: 'application/zip',
		xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
		txt: 'text/plain; charset=utf-8',
		gz: 'application/gzip',
	};
	return types[ext];
}

// The attributes and ids of an HTML page, read with regular expressions:
// the pages are the generator's own, one tag per match, double quotes.
function decodeEntities(s) {
	return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi,
	    (m, e) => {
		const named = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
		if (e[0] === '#')
			return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ?
			    parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
		return named[e.toLowerCase()];
	});
}

function links(html) {
	const found = [];
	const tag = /<(a|link|img|script|source|iframe|area)\b([^>]*)>/gi;
	let m;
	while ((m = tag.exec(html)) !== null) {
		const attr = /\b(href|src)="([^"]*)"/gi;
		let a;
		while ((a = attr.exec(m[2])) !== null)
			found.push({ tag: m[1].toLowerCase(),
			    url: decodeEntities(a[2]) });
	}
	return found;
}

function ids(text) {
	const set = new Set();
	const re = /\sid="([^"]*)"/g;
	let m;
	while ((m = re.exec(text)) !== null)
		set.add(decodeEntities(m[1]));
	return set;
}

module.exports = { nodeRequire, Results, siteFiles, request, expectedType,
    links, ids, decodeEntities };
