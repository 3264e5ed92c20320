// server.js: the site as nginx serves it: every file with its content
// type, the precompressed .gz files, the site's 404 page, and nothing
// outside the sub-path.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { request, expectedType } = require('./lib.js');

async function run(ctx) {
	const { results: r, base, site, files } = ctx;
	const origin = new URL(base).origin;

	// Every file, by type: status 200, the right Content-Type, the
	// bytes of the file.
	const byType = new Map();
	for (const f of files) {
		const name = f.split('/').pop();
		const kind = name === 'SHA256SUMS' ? 'SHA256SUMS' :
		    name.includes('.') ? '*.' + name.split('.').pop() : name;
		if (!byType.has(kind))
			byType.set(kind, []);
		byType.get(kind).push(f);
	}
	for (const [kind, list] of byType) {
		await r.test(`${list.length} ${kind} files`, 'content-type',
		    async () => {
			const problems = [];
			for (const f of list) {
				const want = expectedType(f);
				const res = await request(base + f);
				const got = res.headers['content-type'];
				if (res.status !== 200)
					problems.push(`${f}: status ${res.status}`);
				else if (want === undefined)
					problems.push(`${f}: a file type the tests do not know`);
				else if (got !== want)
					problems.push(`${f}: Content-Type '${got}', not '${want}'`);
				else if (!res.body.equals(fs.readFileSync(path.join(site, f))))
					problems.push(`${f}: the bytes served differ from the file`);
			}
			return problems;
		});
	}

	// gzip_static: a client that accepts gzip gets the .gz file itself
	// (the same bytes), with Content-Encoding: gzip and the type of the
	// uncompressed file; one that does not gets the plain file.
	const gzipped = files.filter((f) => f.endsWith('.gz') &&
	    files.includes(f.slice(0, -3)));
	await r.test(`${gzipped.length} files with a .gz`, 'gzip_static',
	    async () => {
		const problems = [];
		if (gzipped.length === 0)
			problems.push('the site has no precompressed files');
		for (const gz of gzipped) {
			const plain = gz.slice(0, -3);
			const res = await request(base + plain,
			    { headers: { 'Accept-Encoding': 'gzip' } });
			const bytes = fs.readFileSync(path.join(site, gz));
			if (res.status !== 200)
				problems.push(`${plain}: status ${res.status}`);
			else if (res.headers['content-encoding'] !== 'gzip')
				problems.push(`${plain}: no Content-Encoding: gzip`);
			else if (!res.body.equals(bytes))
				problems.push(`${plain}: the body is not the bytes of ${gz}`);
			else if (res.headers['content-type'] !== expectedType(plain))
				problems.push(`${plain}: Content-Type '${res.headers['content-type']}' with gzip`);
			else if (!/accept-encoding/i.test(res.headers.vary || ''))
				problems.push(`${plain}: no Vary: Accept-Encoding`);
			else if (!zlib.gunzipSync(res.body).equals(
			    fs.readFileSync(path.join(site, plain))))
				problems.push(`${gz} does not unzip to ${plain}`);
		}
		return problems;
	});
	await r.test('data/reeks.csv', 'plain-without-accept-encoding',
	    async () => {
		const res = await request(base + 'data/reeks.csv');
		const want = fs.readFileSync(path.join(site, 'data/reeks.csv'));
		if (res.headers['content-encoding'])
			return [`Content-Encoding '${res.headers['content-encoding']}' for a client that did not ask`];
		return res.body.equals(want) ? [] : ['the body is not data/reeks.csv'];
	});

	// The site's own 404 page, for a missing page anywhere under the
	// sub-path; and the sub-path is the whole site.
	const page404 = fs.readFileSync(path.join(site, '404.html'));
	for (const missing of ['en/series/no-such-series.html',
	    'nl/nothing-here/', 'data/series/no-such-series.csv']) {
		await r.test(missing, 'not-found-page', async () => {
			const res = await request(base + missing);
			if (res.status !== 404)
				return [`status ${res.status}, not 404`];
			if (res.headers['content-type'] !== 'text/html; charset=utf-8')
				return [`Content-Type '${res.headers['content-type']}'`];
			return res.body.equals(page404) ? [] :
			    ['the body is not the site\'s 404.html'];
		});
	}
	await r.test('/', 'outside-sub-path', async () => {
		const res = await request(origin + '/index.html');
		return res.status === 404 ? [] :
		    [`/index.html outside /reeks/ answered ${res.status}`];
	});
	await r.test(new URL(base).pathname, 'directory-index', async () => {
		const res = await request(base);
		return res.status === 200 &&
		    res.body.equals(fs.readFileSync(path.join(site, 'index.html'))) ?
		    [] : [`status ${res.status}, or not index.html`];
	});
}

module.exports = { run };
