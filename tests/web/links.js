// links.js: a link checker over the served site. Every internal link of
// every page (and of the sitemap, the feed, robots.txt, the DCAT
// catalogue and datapackage.json) must answer 200, and every #fragment
// must be an id on the page it points to. Links to other sites (the
// sources) are listed in external-links.txt, not fetched.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { request, links, ids, decodeEntities } = require('./lib.js');

// The URLs in a page's JSON-LD (schema.org Dataset): every string value
// that is a whole http(s) URL.
function jsonldUrls(html) {
	const urls = [];
	const walk = (v) => {
		if (typeof v === 'string') {
			if (/^https?:\/\/\S+$/.test(v))
				urls.push(v);
		} else if (v && typeof v === 'object') {
			Object.values(v).forEach(walk);
		}
	};
	const re = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/g;
	let m;
	while ((m = re.exec(html)) !== null)
		walk(JSON.parse(m[1]));
	return urls;
}

async function run(ctx) {
	const { results: r, base, files, out } = ctx;
	const baseUrl = new URL(base);
	const cache = new Map();    // URL without fragment -> { status, type, ids, links }
	const external = new Map(); // URL -> set of pages
	let checked = 0;

	const fetchTarget = async (url) => {
		if (!cache.has(url)) {
			cache.set(url, (async () => {
				const res = await request(url);
				const type = (res.headers['content-type'] || '').split(';')[0];
				const t = { status: res.status, type };
				if (type === 'text/html' && res.status === 200) {
					const text = res.body.toString('utf8');
					t.ids = ids(text);
					t.links = links(text);
					try {
						t.jsonld = jsonldUrls(text);
					} catch (e) {
						t.jsonld = [];
						t.jsonldError = `JSON-LD does not parse: ${e.message}`;
					}
				}
				return t;
			})());
		}
		return cache.get(url);
	};

	// Check one link found in PAGE (a name for messages) at FROM (a URL).
	const check = async (page, from, href) => {
		let u;
		try {
			u = new URL(href, from);
		} catch {
			return `'${href}' is not a URL`;
		}
		if (u.protocol === 'mailto:' || u.protocol === 'data:')
			return null;
		if (u.origin !== baseUrl.origin) {
			if (u.protocol !== 'http:' && u.protocol !== 'https:')
				return `'${href}': scheme ${u.protocol} is not allowed`;
			if (!external.has(u.href))
				external.set(u.href, new Set());
			external.get(u.href).add(page);
			return null;
		}
		if (!u.pathname.startsWith(baseUrl.pathname))
			return `'${href}' leaves the site (${u.pathname} is outside ${baseUrl.pathname})`;
		checked++;
		const target = u.origin + u.pathname + u.search;
		const t = await fetchTarget(target);
		if (t.status !== 200)
			return `'${href}': ${u.pathname} answers ${t.status}`;
		if (u.hash.length > 1) {
			const frag = decodeURIComponent(u.hash.slice(1));
			if (!t.ids)
				return `'${href}': a #fragment on a ${t.type} file`;
			if (!t.ids.has(frag))
				return `'${href}': no id="${frag}" on ${u.pathname}`;
		}
		return null;
	};

	const checkAll = async (page, from, hrefs) => {
		const problems = [];
		for (const href of hrefs) {
			const p = await check(page, from, href);
			if (p !== null)
				problems.push(p);
		}
		return problems;
	};

	// Every page of the build.
	const pages = files.filter((f) => f.endsWith('.html'));
	for (const page of pages) {
		await r.test(page, 'links', async () => {
			const t = await fetchTarget(base + page);
			if (t.status !== 200)
				return [`the page answers ${t.status}`];
			const problems = await checkAll(page, base + page,
			    t.links.map((l) => l.url).concat(t.jsonld));
			return t.jsonldError ? [t.jsonldError, ...problems] : problems;
		});
	}

	// The catalogues and feeds link to the site too.
	const textOf = (f) => fs.readFileSync(path.join(ctx.site, f), 'utf8');
	const fromXml = (f, re) => {
		const found = [];
		let m;
		const text = textOf(f);
		while ((m = re.exec(text)) !== null)
			found.push(decodeEntities(m[1]));
		return found;
	};
	const others = {
		'sitemap.xml': () => fromXml('sitemap.xml', /<loc>([^<]*)<\/loc>/g),
		'feed.atom': () => fromXml('feed.atom', /<link\b[^>]*\bhref="([^"]*)"/g),
		'robots.txt': () => fromXml('robots.txt', /^Sitemap:\s*(\S+)/gm),
		// Its URLs of the site, described (rdf:about: the files,
		// the home page, the schema) or referred to (rdf:resource),
		// but not its own nodes (BASE#publisher, BASE#dataset).
		'data/catalog.rdf': () => [...new Set(fromXml('data/catalog.rdf',
		    /\brdf:(?:about|resource)="([^"]*)"/g))].filter(
		    (u) => u.startsWith(base) && !u.includes('#')),
		'data/datapackage.json': () => {
			const dp = JSON.parse(textOf('data/datapackage.json'));
			const found = (dp.resources || []).map((res) => res.path);
			if (dp.homepage)
				found.push(dp.homepage);
			return found;
		},
	};
	for (const [f, list] of Object.entries(others)) {
		if (!files.includes(f))
			continue;
		await r.test(f, 'links', async () => {
			const hrefs = list();
			if (hrefs.length === 0)
				return ['no links found'];
			return checkAll(f, base + f, hrefs);
		});
	}

	// Every page but the error pages can be reached from the home page.
	await r.test('site', 'every-page-linked', async () => {
		const seen = new Set();
		const queue = [base + 'index.html'];
		while (queue.length > 0) {
			const url = queue.shift();
			if (seen.has(url))
				continue;
			seen.add(url);
			const t = await fetchTarget(url);
			for (const l of t.links || []) {
				if (l.tag !== 'a')
					continue;
				const u = new URL(l.url, url);
				const clean = u.origin + u.pathname;
				if (clean.startsWith(base) && clean.endsWith('.html') &&
				    !seen.has(clean))
					queue.push(clean);
			}
		}
		return pages.filter((p) => !p.endsWith('404.html') &&
		    !seen.has(base + p)).map((p) => `${p} is linked from no page`);
	});

	const lines = [...external].sort(([a], [b]) => a.localeCompare(b)).map(
	    ([u, on]) => `${u}\t${on.size} page${on.size === 1 ? '' : 's'}, e.g. ${[...on][0]}`);
	fs.writeFileSync(path.join(out, 'external-links.txt'),
	    lines.join('\n') + (lines.length ? '\n' : ''));
	console.log(`links: ${checked} internal links checked (${cache.size} distinct files); ` +
	    `${external.size} external links listed in tests/out/web/external-links.txt, not fetched`);
}

module.exports = { run };
