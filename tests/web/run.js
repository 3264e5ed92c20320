// run.js: the web tests, against a site that nginx already serves.
//
//   node tests/web/run.js --base URL --site DIR --out DIR
//
// URL is where the site is served (http://127.0.0.1:PORT/reeks/), DIR the
// built site, OUT the folder for artefacts. Prints a line for each failure
// ("FAIL: page: rule: what"), a summary per part, and writes "PASSED
// FAILED" to OUT/counts for tests/web.sh. Exit status 1 when a test failed.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Results, siteFiles } = require('./lib.js');

function args() {
	const a = process.argv.slice(2), o = {};
	for (let i = 0; i + 1 < a.length; i += 2)
		o[a[i].replace(/^--/, '')] = a[i + 1];
	if (!o.base || !o.site || !o.out) {
		console.error('usage: node run.js --base URL --site DIR --out DIR');
		process.exit(2);
	}
	return o;
}

async function main() {
	const o = args();
	const results = new Results();
	const ctx = { results, base: o.base, site: path.resolve(o.site),
	    out: path.resolve(o.out), files: siteFiles(o.site) };
	fs.mkdirSync(ctx.out, { recursive: true });
	const counts = path.join(ctx.out, 'counts');
	fs.rmSync(counts, { force: true });

	// The checker is slow to start: it runs while the rest does.
	const vnu = require('./vnu.js');
	const checker = vnu.start(ctx.site);
	const stopChecker = () => checker.child.kill('SIGTERM');
	process.on('exit', stopChecker);
	for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'])
		process.on(sig, () => process.exit(130));

	const parts = [
		['server', require('./server.js').run],
		['links', require('./links.js').run],
		['browser', require('./browser.js').run],
		['vnu', (c) => vnu.report(c, checker)],
	];
	for (const [name, fn] of parts) {
		const t = Date.now(), p0 = results.passed, f0 = results.failed;
		try {
			await fn(ctx);
		} catch (e) {
			results.record(name, 'run', [`stopped: ${e && e.stack ? e.stack : e}`]);
		}
		console.log(`${name}: ${results.passed - p0} passed, ` +
		    `${results.failed - f0} failed (${((Date.now() - t) / 1000).toFixed(1)} s)`);
	}
	fs.writeFileSync(counts, `${results.passed} ${results.failed}\n`);
	return results.failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code), (e) => {
	console.error(e);
	process.exit(1);
});
