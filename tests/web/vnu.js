// vnu.js: the Nu Html Checker (npm vnu-jar, on Debian's Java) over the
// built site, once: every HTML page, and every SVG file as SVG. start()
// launches it (it is slow to start, so it runs while the browser tests
// do); report() waits for it and records one test per file.
'use strict';
const path = require('node:path');
const { spawn } = require('node:child_process');
const { nodeRequire } = require('./lib.js');

function start(site) {
	const jar = String(nodeRequire('vnu-jar'));
	// --verbose names each file checked on stdout; the messages, as
	// JSON, go to stderr. The checker needs a deep stack (512k at
	// least, it says).
	const args = ['-Xss4m', '-jar', jar, '--errors-only', '--skip-non-html',
	    '--also-check-svg', '--verbose', '--format', 'json', site];
	const child = spawn('java', args, { stdio: ['ignore', 'pipe', 'pipe'] });
	const out = [], err = [];
	child.stdout.on('data', (c) => out.push(c));
	child.stderr.on('data', (c) => err.push(c));
	const started = Date.now();
	const done = new Promise((resolve) => {
		child.on('error', (e) => resolve({ error: e.message }));
		child.on('close', (code) => resolve({ code,
		    seconds: (Date.now() - started) / 1000,
		    stdout: Buffer.concat(out).toString('utf8'),
		    stderr: Buffer.concat(err).toString('utf8') }));
	});
	return { child, done };
}

async function report(ctx, run) {
	const { results: r, site, files } = ctx;
	const res = await run.done;
	const targets = files.filter((f) => f.endsWith('.html') ||
	    f.endsWith('.svg'));
	let json = null;
	if (!res.error) {
		try {
			json = JSON.parse(res.stderr.slice(res.stderr.indexOf('{')));
		} catch {
			json = null;
		}
	}
	if (res.error || json === null) {
		r.record('site', 'vnu', [`the checker did not run: ${res.error ||
		    res.stderr.slice(0, 500) || 'no output, status ' + res.code}`]);
		return;
	}
	const checked = new Set(res.stdout.split('\n').filter(Boolean).map(
	    (f) => path.relative(site, path.resolve(f))));
	const byFile = new Map();
	const general = [];
	for (const m of json.messages) {
		if (!m.url) {
			general.push(`${m.type}: ${m.message}`);
			continue;
		}
		const f = path.relative(site, decodeURIComponent(
		    new URL(m.url).pathname));
		if (!byFile.has(f))
			byFile.set(f, []);
		const where = m.lastLine ? `${f}:${m.firstLine || m.lastLine}:${m.firstColumn || m.lastColumn}` : f;
		byFile.get(f).push(`${where}: ${m.type}${m.subType ? ' ' + m.subType : ''}: ${m.message}` +
		    (m.extract ? `\n  ${JSON.stringify(m.extract)}` : ''));
	}
	if (general.length > 0)
		r.record('site', 'vnu', general);
	for (const f of targets) {
		const problems = byFile.get(f) || [];
		if (!checked.has(f))
			problems.unshift('the checker did not check this file');
		r.record(f, f.endsWith('.svg') ? 'vnu (SVG)' : 'vnu (HTML)',
		    problems);
	}
	for (const [f, problems] of byFile)
		if (!targets.includes(f))
			r.record(f, 'vnu', problems);
	console.log(`vnu: ${checked.size} files checked in ${res.seconds.toFixed(1)} s ` +
	    `(${targets.filter((f) => f.endsWith('.html')).length} HTML, ` +
	    `${targets.filter((f) => f.endsWith('.svg')).length} SVG)`);
}

module.exports = { start, report };
