// browser.js: the site in headless Chromium (Debian's, driven by
// playwright-core): one browser for every test, pages opened one after
// another.
//  - every page loads with no console error, no page error and no failed
//    request; its language and its language link are right;
//  - charts: <svg role="img"> labelled by its own <title> and <desc>, the
//    desc states what the chart shows, and the data table is on the page;
//  - axe-core: no WCAG 2.1 A/AA violation on every page type, both
//    languages (every page with REEKS_WEB_AXE=all);
//  - the language switch, a figure's permalink, the downloads;
//  - without JavaScript, and printed to PDF;
//  - screenshots at 360 and 1280 px, saved in tests/out/web/screenshots;
//  - no page scrolls sideways, nor any table inside it, at 360 or 1280 px;
//  - series pages: the summary in the first screen at 1280 px, no page
//    taller than SERIES_MAX_HEIGHT there (the heights go to
//    tests/out/web/heights.txt), a figure's citation shown in place at
//    its permalink and copied with today's date.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { nodeRequire, expectedType } = require('./lib.js');

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic',
    '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
    // /dev/shm is small in containers.
    '--disable-dev-shm-usage'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [360, 1280];
// The tallest series page at 1280 px before issue 17 was 15,528 px (the
// drug deaths in Dutch); the answer-first page is at most a third of that.
const SERIES_MAX_HEIGHT = 5200;

// A release's pages, releases/NAME/LANG/..., are pages of the site below
// the prefix releases/NAME/: [prefix, the rest].
function releaseSplit(page) {
	const m = /^(releases\/[^/]+\/)(.*)$/.exec(page);
	return m ? [m[1], m[2]] : ['', page];
}

// The page in the other language: en/x.html <-> nl/x.html; the root
// pages are English.
function counterpart(page) {
	const [pre, rest] = releaseSplit(page);
	if (rest.startsWith('en/'))
		return pre + 'nl/' + rest.slice(3);
	if (rest.startsWith('nl/'))
		return pre + 'en/' + rest.slice(3);
	return page === '404.html' ? 'nl/404.html' : null;
}

function langOf(page) {
	return releaseSplit(page)[1].startsWith('nl/') ? 'nl' : 'en';
}

// The kind of a page, for choosing one of each; a release's series
// pages are of their own kind ('release series'), drawn by the series
// template.
function kindOf(page) {
	const [pre, rest] = releaseSplit(page);
	if (pre !== '' && /^(en|nl)\/series\//.test(rest))
		return 'release series';
	if (pre !== '')
		return 'release';
	if (/^(en|nl)\/series\//.test(page))
		return 'series';
	if (/^(en|nl)\/topics\//.test(page))
		return 'topic';
	const name = page.split('/').pop().replace(/\.html$/, '');
	return page.includes('/') ? name : `root ${name}`;
}

async function run(ctx) {
	const { site, files, out } = ctx;
	const { chromium } = nodeRequire('playwright-core');
	const axeSource = nodeRequire('axe-core').source;
	const shots = path.join(out, 'screenshots');
	fs.mkdirSync(shots, { recursive: true });

	const pages = files.filter((f) => f.endsWith('.html'));
	const html = new Map(pages.map((p) => [p,
	    fs.readFileSync(path.join(site, p), 'utf8')]));
	const rowsOf = (p) => (html.get(p).match(/<tr id="p-/g) || []).length;
	const series = pages.filter((p) => kindOf(p) === 'series');
	const enSeries = series.filter((p) => p.startsWith('en/'));

	// Pages for the tests that need one of a kind: the series with the
	// most figures, the first topic with a chart.
	const bigSeries = enSeries.slice().sort((a, b) => rowsOf(b) - rowsOf(a))[0];
	const chartTopic = pages.find((p) => p.startsWith('en/topics/') &&
	    html.get(p).includes('<figure')) ||
	    pages.find((p) => p.startsWith('en/topics/'));
	const typePages = ['en/index.html', chartTopic, bigSeries,
	    'en/sources.html', 'en/about.html', 'en/downloads.html',
	    'en/404.html'].filter((p) => p && html.has(p));

	// axe on every page that is not a series page, and on the series
	// pages that show each feature the series template has.
	const features = [/class="caveat"/, /class="claim /, /class="break"/,
	    /fill="#6b6b6b"/, /stroke-width="3"/, /<strong>/, /\(Poisson/,
	    /Wilson\)/];
	const axeSeries = new Set([bigSeries, enSeries.slice().sort(
	    (a, b) => rowsOf(a) - rowsOf(b))[0]]);
	for (const re of features) {
		const p = enSeries.find((s) => re.test(html.get(s)));
		if (p)
			axeSeries.add(p);
	}
	// A release's series pages are the series template again: axe on
	// the first of them (with its banner).
	const releaseSeries = pages.find((p) => kindOf(p) === 'release series');
	if (releaseSeries)
		axeSeries.add(releaseSeries);
	const axeAll = process.env.REEKS_WEB_AXE === 'all';
	const axeOn = (p) => axeAll || (kindOf(p) !== 'series' &&
	    kindOf(p) !== 'release series') ||
	    axeSeries.has(p) || axeSeries.has(counterpart(p));

	// Debian's Chromium, never a downloaded one. Playwright gives it a
	// fresh --user-data-dir in TMPDIR (tests/out/web/tmp, set by web.sh)
	// and removes it when the browser closes.
	const browser = await chromium.launch({ executablePath: CHROMIUM,
	    headless: true, args: CHROMIUM_ARGS, timeout: 60000 });
	try {
		console.log(`browser: Chromium ${browser.version()}`);
		await loadAll(ctx, browser, pages, html, axeSource, axeOn);
		await narrow(ctx, browser, pages);
		await languageSwitch(ctx, browser, typePages);
		await permalink(ctx, browser, bigSeries, html.get(bigSeries),
		    axeSource);
		await downloads(ctx, browser, bigSeries);
		await screenshots(ctx, browser, shots, {
			home: 'en/index.html', topic: chartTopic, series: bigSeries });
		await noScript(ctx, browser, ['en/index.html', chartTopic,
		    bigSeries], html);
		await print(ctx, browser, bigSeries);
	} finally {
		await browser.close();
	}
}

// Open every page: no console error, no page error, no failed request; the
// right language; the language link; the charts; axe where chosen.
async function loadAll(ctx, browser, pages, html, axeSource, axeOn) {
	const { results: r, base } = ctx;
	const context = await browser.newContext({
	    viewport: { width: 1280, height: 900 } });
	const page = await context.newPage();
	// Chromium asks the host for /favicon.ico by itself; under a
	// sub-path that is not the site's address, so its 404 is not the
	// site's.
	const favicon = new URL(base).pathname === '/' ? null :
	    new URL('/favicon.ico', base).href;
	let events = [];
	page.on('console', (m) => {
		if (favicon && m.location() && m.location().url === favicon)
			return;
		if (m.type() === 'error' || m.type() === 'assert')
			events.push(`console ${m.type()}: ${m.text()}` +
			    (m.location() && m.location().url ? ` (${m.location().url})` : ''));
	});
	page.on('pageerror', (e) => events.push(`page error: ${e.message}`));
	page.on('requestfailed', (q) => events.push(
	    `request failed: ${q.url()}: ${q.failure() && q.failure().errorText}`));
	page.on('response', (res) => {
		if (res.status() >= 400 && res.url() !== favicon)
			events.push(`HTTP ${res.status()}: ${res.url()}`);
	});
	let axeCount = 0, charts = 0, started = Date.now();
	const heights = [];
	for (const p of pages) {
		events = [];
		await r.test(p, 'loads without errors', async () => {
			const res = await page.goto(base + p, { waitUntil: 'load' });
			const problems = [];
			if (!res || res.status() !== 200)
				problems.push(`status ${res ? res.status() : 'none'}`);
			const title = await page.title();
			if (!title.trim())
				problems.push('empty <title>');
			const lang = await page.getAttribute('html', 'lang');
			if (lang !== langOf(p))
				problems.push(`<html lang="${lang}">, not "${langOf(p)}"`);
			// The style sheet applied (a failed load would show
			// as an event too).
			const font = await page.evaluate(() =>
			    getComputedStyle(document.body).lineHeight);
			if (font === 'normal')
				problems.push('style.css is not applied');
			return problems.concat(events);
		});

		const other = counterpart(p);
		if (other !== null) {
			await r.test(p, 'language link', async () => {
				const href = await page.evaluate(() => {
					const a = document.querySelector('a.lang');
					return a ? a.href : null;
				});
				if (href === null)
					return ['no a.lang link to the other language'];
				return href === base + other ? [] :
				    [`a.lang leads to ${href}, not ${base + other}`];
			});
		}

		await r.test(p, 'nothing scrolls sideways at 1280px', () =>
		    page.evaluate(sideways));
		if (kindOf(p) === 'series' && !p.endsWith('/index.html')) {
			await r.test(p, 'summary in the first screen at 1280px',
			    () => page.evaluate(summaryFirst));
			heights.push([await page.evaluate(() =>
			    document.documentElement.scrollHeight), p]);
		}

		if (/<svg\b/.test(html.get(p))) {
			charts++;
			await r.test(p, 'chart text (title, desc)', () =>
			    page.evaluate(chartText));
			await r.test(p, 'chart data table', () =>
			    page.evaluate(chartTable));
		}

		if (axeOn(p)) {
			axeCount++;
			await r.test(p, 'axe WCAG 2.1 A/AA', async () => {
				if (!(await page.evaluate('typeof axe')).includes('object'))
					await page.evaluate(axeSource);
				const res = await page.evaluate((tags) => axe.run(document, {
					runOnly: { type: 'tag', values: tags },
					resultTypes: ['violations'],
				}), AXE_TAGS);
				const problems = [];
				for (const v of res.violations) {
					const nodes = v.nodes.slice(0, 3).map((n) =>
					    `${n.target.join(' ')}: ${(n.failureSummary || '').replace(/\s+/g, ' ')}`);
					problems.push(`${v.id} (${v.impact}, ${v.tags.filter((t) => /^wcag\d/.test(t)).join(' ')}): ` +
					    `${v.help}; ${v.nodes.length} element(s)\n` + nodes.join('\n'));
				}
				return problems;
			});
		}
	}
	// A missing page, deep in the site: the server's answer is the
	// site's 404 page, whose links and style sheet work from anywhere.
	const missing = 'en/series/no-such-series.html';
	events = [];
	await r.test(missing, 'not-found page in the browser', async () => {
		const res = await page.goto(base + missing);
		const problems = [];
		if (!res || res.status() !== 404)
			problems.push(`status ${res ? res.status() : 'none'}, not 404`);
		const state = await page.evaluate(() => ({
			h1: (document.querySelector('h1') || {}).textContent,
			styled: getComputedStyle(document.body).lineHeight !== 'normal',
			home: (document.querySelector('main a') || {}).href,
		}));
		if (!state.h1 || !state.styled)
			problems.push('the 404 page is not shown with its style sheet');
		if (state.home !== base + 'en/index.html')
			problems.push(`its link home leads to ${state.home}`);
		// The document's own 404 is expected; nothing else may fail.
		return problems.concat(events.filter((e) =>
		    !e.includes(base + missing)));
	});
	// The series pages' heights at 1280 px, tallest first.
	heights.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : 1));
	fs.writeFileSync(path.join(ctx.out, 'heights.txt'),
	    heights.map(([h, p]) => `${h} ${p}\n`).join(''));
	if (heights.length > 0) {
		console.log(`browser: the tallest series page at 1280px is ${heights[0][1]}, ${heights[0][0]}px`);
		r.record('series pages', `at most ${SERIES_MAX_HEIGHT}px tall at 1280px`,
		    heights.filter(([h]) => h > SERIES_MAX_HEIGHT).map(([h, p]) =>
		    `${p} is ${h}px tall`));
	}
	await context.close();
	console.log(`browser: ${pages.length} pages loaded, ${charts} with charts, ` +
	    `axe on ${axeCount}, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

// In the page: nothing makes the page wider than the window, and no
// table scrolls sideways in its box.
function sideways() {
	const problems = [];
	const what = (e) => e.tagName.toLowerCase() +
	    (e.className && typeof e.className === 'string' ?
	    '.' + e.className.split(' ')[0] : '');
	const doc = document.documentElement;
	if (doc.scrollWidth > window.innerWidth) {
		const culprits = [...document.querySelectorAll('body *')]
		    .filter((e) => e.getBoundingClientRect().right >
		    window.innerWidth + 1 && !e.closest('.table-scroll'))
		    .slice(0, 3).map(what);
		problems.push(`the page is ${doc.scrollWidth}px wide in a ${window.innerWidth}px window (${culprits.join(', ')})`);
	}
	for (const d of document.querySelectorAll('.table-scroll'))
		if (d.scrollWidth > d.clientWidth + 1)
			problems.push(`a table scrolls sideways: ${d.scrollWidth}px in ${d.clientWidth}px (${d.getAttribute('aria-labelledby') || what(d)})`);
	return problems;
}

// In the page (a series page at the top, 1280 by 900 px): the summary
// comes before the chart and starts in the first screen; its latest
// figure is the newest figure in the table, which comes first.
function summaryFirst() {
	const problems = [];
	const s = document.querySelector('main section.summary');
	if (!s)
		return ['no summary (section.summary)'];
	const b = s.getBoundingClientRect();
	if (!(b.height > 0 && b.top >= 0 && b.top < 900))
		problems.push(`the summary starts at ${Math.round(b.top)}px (height ${Math.round(b.height)}px), not in the first screen`);
	const fig = document.querySelector('main figure.chart');
	if (fig && !(s.compareDocumentPosition(fig) & Node.DOCUMENT_POSITION_FOLLOWING))
		problems.push('the summary is not before the chart');
	const latest = s.querySelector('.latest a[href^="#p-"]');
	const rows = [...document.querySelectorAll('table.figures-table tbody tr[id^="p-"]')];
	if (!latest || rows.length === 0)
		return problems.concat(latest ? ['no figures table'] : []);
	const digits = (x) => x.replace(/[^0-9]/g, '');
	const id = latest.getAttribute('href').slice(1);
	const row = document.getElementById(id);
	const withValue = rows.filter((tr) => digits(tr.querySelector('td').textContent) !== '');
	if (!row)
		problems.push(`the latest figure links to #${id}, which is no row`);
	else if (digits(row.querySelector('td').textContent) !== digits(latest.textContent))
		problems.push(`the latest figure "${latest.textContent}" is not the value of row #${id}`);
	else if (withValue[0] !== row)
		problems.push(`the latest figure is #${id}, the newest figure with a value in the table is #${withValue[0] && withValue[0].id}`);
	return problems;
}

// Every page at 360 px: nothing scrolls sideways.
async function narrow(ctx, browser, pages) {
	const { results: r, base } = ctx;
	const context = await browser.newContext({
	    viewport: { width: 360, height: 800 } });
	const page = await context.newPage();
	for (const p of pages) {
		await r.test(p, 'nothing scrolls sideways at 360px', async () => {
			await page.goto(base + p);
			return page.evaluate(sideways);
		});
	}
	await context.close();
}

// In the page: every chart is an <svg role="img"> whose aria-labelledby
// names its own <title> and <desc>; the title says what it is (the
// heading it stands under), the desc says the kind of chart, repeats the
// title and lists the observations: each one it lists is a mark on the
// chart.
function chartText() {
	// The marks of line G of a comparison over time: {label, period,
	// value} from each mark's title "Line, period: value" (a line's
	// name may hold ", ", a period not); null for another form. (Here,
	// not shared: page.evaluate() sends this function alone.)
	const lineMarks = (g) => [...g.querySelectorAll(':scope > :not(g) > title')].map((e) => {
		const t = e.textContent, colon = t.lastIndexOf(': ');
		const cut = colon < 0 ? -1 : t.lastIndexOf(', ', colon);
		return cut < 0 ? null : { label: t.slice(0, cut),
		    period: t.slice(cut + 2, colon), value: t.slice(colon + 2) };
	});
	const problems = [];
	const svgs = [...document.querySelectorAll('main svg')];
	if (svgs.length === 0)
		problems.push('no chart in <main>');
	for (const svg of svgs) {
		const name = svg.getAttribute('aria-labelledby') || '';
		const where = `chart ${name.split(' ')[0] || '(no aria-labelledby)'}`;
		if (svg.getAttribute('role') !== 'img') {
			problems.push(`${where}: role is not "img"`);
			continue;
		}
		const ids = name.split(/\s+/).filter(Boolean);
		const els = ids.map((id) => document.getElementById(id));
		const title = els.find((e) => e && e.localName === 'title');
		const desc = els.find((e) => e && e.localName === 'desc');
		if (ids.length !== 2 || !title || !desc ||
		    title.parentNode !== svg || desc.parentNode !== svg) {
			problems.push(`${where}: aria-labelledby="${name}" does not name the chart's own <title> and <desc>`);
			continue;
		}
		const t = title.textContent.trim(), d = desc.textContent.trim();
		if (!t || !d) {
			problems.push(`${where}: empty <title> or <desc>`);
			continue;
		}
		// The heading the chart stands under (h1 on a series page, the
		// h2 before the figure on a topic page).
		let h = svg.closest('figure');
		while (h && !/^H[12]$/.test(h.tagName))
			h = h.previousElementSibling;
		if (!h && document.querySelector('h1'))
			h = document.querySelector('h1');
		if (h && h.textContent.trim() !== t &&
		    !t.startsWith(h.textContent.trim()))
			problems.push(`${where}: <title> "${t}" is not the heading "${h.textContent.trim()}"`);
		if (!d.includes(t))
			problems.push(`${where}: <desc> does not repeat the title: "${d}"`);
		// A comparison over time (lines.c): every line named in the
		// <desc>, every mark titled "Line, period: value".
		if (svg.querySelector('g.line')) {
			for (const g of svg.querySelectorAll('g.line')) {
				const marks = lineMarks(g);
				if (marks.length === 0)
					problems.push(`${where}: a line with no marks`);
				for (const m of marks)
					if (!m || !d.includes(`${m.label}: `))
						problems.push(`${where}: a mark of a line the <desc> does not name (${m ? m.label : 'no "Line, period: value"'})`);
			}
			continue;
		}
		// Marks with their own <title>: "1995: 70" on a line chart; bars
		// carry a label and a value text.
		const points = [...svg.querySelectorAll('g.points > g > title')].map(
		    (e) => e.textContent);
		if (svg.querySelector('g.points')) {
			const n = points.length;
			const after = d.slice(d.indexOf(t) + t.length);
			const count = after.match(/(\d+) [^\d:;]*:/);
			if (!count || Number(count[1]) !== n)
				problems.push(`${where}: <desc> does not give the number of observations (${n}): "${d}"`);
			// Every observation the desc lists ("70 in 1995") is a
			// mark "1995: 70".
			const listed = d.slice(d.indexOf(':', d.indexOf(t) + t.length) + 1)
			    .split(/;\s*/).map((s) => s.replace(/\.$/, '').trim())
			    .filter((s) => s && s !== '\u2026');
			if (listed.length === 0 && n > 0)
				problems.push(`${where}: <desc> lists no observations: "${d}"`);
			for (const item of listed) {
				const m = item.match(/^(.*) \S+ (\S+)$/);
				const norm = (s) => s.replace(/[\u2013/]/g, '-');
				if (!m || !points.some((pt) => norm(pt) ===
				    norm(`${m[2]}: ${m[1]}`)))
					problems.push(`${where}: <desc> lists "${item}", which is no mark on the chart`);
			}
		} else {
			const bars = [...svg.querySelectorAll(':scope > g:not([class])')];
			for (const g of bars) {
				const texts = [...g.querySelectorAll('text')].map((e) => e.textContent);
				if (texts.length === 2 && !d.includes(`${texts[0]} ${texts[1]}`))
					problems.push(`${where}: <desc> does not list the bar "${texts[0]} ${texts[1]}"`);
			}
			if (bars.length === 0)
				problems.push(`${where}: no bars`);
		}
	}
	return problems;
}

// In the page: every chart's figures are in a table on the same page.
// A line chart (series page) has the page's data table, with a row for
// each mark, period and value; a bar chart (topic page) a table in or
// right after its figure with a row for each bar.
function chartTable() {
	// The marks of line G of a comparison over time: {label, period,
	// value} from each mark's title "Line, period: value" (a line's
	// name may hold ", ", a period not); null for another form. (Here,
	// not shared: page.evaluate() sends this function alone.)
	const lineMarks = (g) => [...g.querySelectorAll(':scope > :not(g) > title')].map((e) => {
		const t = e.textContent, colon = t.lastIndexOf(': ');
		const cut = colon < 0 ? -1 : t.lastIndexOf(', ', colon);
		return cut < 0 ? null : { label: t.slice(0, cut),
		    period: t.slice(cut + 2, colon), value: t.slice(colon + 2) };
	});
	const problems = [];
	// Digits only: "≈€61m" on the chart and "€61 million" in the table
	// are the same figure; "1990/1993" and "1990–1993" the same period.
	const digits = (s) => s.replace(/[^0-9]/g, '');
	const norm = (s) => s.trim().replace(/[\u2013/]/g, '-');
	for (const svg of document.querySelectorAll('main svg')) {
		const where = `chart ${(svg.getAttribute('aria-labelledby') || '').split(' ')[0]}`;
		if (svg.querySelector('g.line')) {
			// A comparison over time: its table follows its figure,
			// a column per line (named as the line or its small
			// chart), a row per period.
			const next = (svg.closest('figure') || svg).nextElementSibling;
			const table = next && next.querySelector('table');
			if (!table) {
				problems.push(`${where}: a comparison with no data table`);
				continue;
			}
			const cols = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
			const rows = new Map([...table.querySelectorAll('tbody tr')].map(
			    (tr) => [norm(tr.querySelector('th').textContent), tr]));
			for (const g of svg.querySelectorAll('g.line')) {
				const panel = g.closest('g.panel');
				for (const m of lineMarks(g)) {
					if (!m)
						continue;
					const col = cols.indexOf(m.label);
					const row = rows.get(norm(m.period));
					const cell = row && col > 0 ? row.children[col] : null;
					if (!cell || ![...cell.querySelectorAll('a')].some(
					    (a) => digits(a.textContent) === digits(m.value)))
						problems.push(`${where}: the mark "${m.label}, ${m.period}: ${m.value}" is not in its table`);
					if (panel && panel.querySelector('text').textContent !== m.label)
						problems.push(`${where}: the mark "${m.label}" is in the small chart of "${panel.querySelector('text').textContent}"`);
				}
			}
			continue;
		}
		if (svg.querySelector('g.points')) {
			const rows = new Map();
			for (const tr of document.querySelectorAll('table:not(.rates) tbody tr')) {
				const th = tr.querySelector('th');
				const td = tr.querySelector('td');
				if (th && td)
					rows.set(norm(th.textContent), td.textContent);
			}
			if (rows.size === 0) {
				problems.push(`${where}: no data table on the page`);
				continue;
			}
			for (const e of svg.querySelectorAll('g.points > g > title')) {
				const [period, value] = e.textContent.split(': ');
				const row = rows.get(norm(period));
				if (row === undefined)
					problems.push(`${where}: the mark "${e.textContent}" has no row in the table`);
				else if (digits(row) !== digits(value))
					problems.push(`${where}: the mark "${e.textContent}" has the value "${row}" in the table`);
			}
		} else {
			// The table that goes with a bar chart: inside its
			// figure, or the next element after it.
			const fig = svg.closest('figure') || svg;
			let table = fig.querySelector('table');
			const next = fig.nextElementSibling;
			if (!table && next)
				table = next.matches('table') ? next : next.querySelector('table');
			const bars = [...svg.querySelectorAll(':scope > g:not([class])')].map(
			    (g) => [...g.querySelectorAll('text')].map((t) => t.textContent));
			if (!table) {
				problems.push(`${where}: a bar chart with no data table (${bars.length} bars: ${bars.map((b) => b.join(' ')).join('; ')})`);
				continue;
			}
			const cells = [...table.querySelectorAll('tbody tr')].map((tr) =>
			    [...tr.children].map((c) => c.textContent.trim()));
			for (const [label, value] of bars) {
				if (!cells.some((c) => c.includes(label) &&
				    c.some((x) => x !== label && digits(x) === digits(value))))
					problems.push(`${where}: the bar "${label} ${value}" is not in its table`);
			}
		}
	}
	return problems;
}

// The language link, clicked: the same page in the other language.
async function languageSwitch(ctx, browser, typePages) {
	const { results: r, base } = ctx;
	const context = await browser.newContext();
	const page = await context.newPage();
	for (const p of typePages.flatMap((x) => [x, counterpart(x)])) {
		await r.test(p, 'language switch', async () => {
			await page.goto(base + p);
			const want = base + counterpart(p);
			await Promise.all([page.waitForURL(want, { timeout: 10000 }),
			    page.click('a.lang')]);
			const problems = [];
			const lang = await page.getAttribute('html', 'lang');
			if (lang !== langOf(counterpart(p)))
				problems.push(`the other page has lang="${lang}"`);
			const canonical = await page.getAttribute('link[rel=canonical]', 'href');
			if (canonical !== want)
				problems.push(`the other page's canonical is ${canonical}`);
			const back = await page.evaluate(() => document.querySelector('a.lang').href);
			if (back !== base + p)
				problems.push(`its language link leads to ${back}, not back`);
			return problems;
		});
	}
	await context.close();
}

// A figure's permalink: opening the page at #p-PERIOD scrolls its row into
// view and marks it (:target), and shows its citation in view (APA and
// text, with the permalink, the data's version and the date consulted);
// its copy button copies the citation with today's date; clicking a
// period makes it the target.
async function permalink(ctx, browser, page0, text, axeSource) {
	const { results: r, base } = ctx;
	const anchors = [...text.matchAll(/<tr id="(p-[^"]*)"/g)].map((m) => m[1]);
	if (anchors.length === 0) {
		r.record(page0, 'permalink', ['no row with an id on the page']);
		return;
	}
	const last = anchors[anchors.length - 1];
	for (const p of [page0, counterpart(page0)]) {
		for (const width of WIDTHS) {
			await r.test(`${p}#${last}`, `permalink at ${width}px`, async () => {
				const context = await browser.newContext({
				    viewport: { width, height: 700 } });
				try {
					await context.grantPermissions(['clipboard-read',
					    'clipboard-write'], { origin: new URL(base).origin });
					const page = await context.newPage();
					await page.goto(`${base}${p}#${last}`);
					const inView = await page.waitForFunction((id) => {
						const tr = document.getElementById(id);
						const b = tr.getBoundingClientRect();
						return b.top >= -1 && b.top < innerHeight - 10 &&
						    b.height > 0 && window.scrollY > 0;
					}, last, { timeout: 5000 }).then(() => true, () => false);
					const state = await page.evaluate((id) => {
						const tr = document.getElementById(id);
						return {
							target: document.querySelector(':target') === tr,
							background: getComputedStyle(tr).backgroundColor,
							top: Math.round(tr.getBoundingClientRect().top),
							scrollY: Math.round(window.scrollY),
						};
					}, last);
					const problems = [];
					if (!inView)
						problems.push(`row #${last} is not scrolled into view (top ${state.top}, scrollY ${state.scrollY})`);
					if (!state.target)
						problems.push(`row #${last} is not :target`);
					else if (state.background !== 'rgb(255, 246, 204)')
						problems.push(`the :target row is not highlighted (background ${state.background})`);
					problems.push(...await citeInPlace(page,
					    `${base}${p}#${last}`, last));
					if (width === 1280) {
						if (!(await page.evaluate('typeof axe')).includes('object'))
							await page.evaluate(axeSource);
						const res = await page.evaluate((tags) => axe.run(
						    document, { runOnly: { type: 'tag', values: tags },
						    resultTypes: ['violations'] }), AXE_TAGS);
						for (const v of res.violations)
							problems.push(`axe with the citation shown: ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
					}
					// Clicking the first period makes its row the
					// target and the address its permalink.
					await page.click(`#${anchors[0]} a[href="#${anchors[0]}"]`);
					await page.waitForURL(`${base}${p}#${anchors[0]}`, { timeout: 5000 });
					const first = await page.evaluate((id) => {
						const tr = document.getElementById(id);
						const b = tr.getBoundingClientRect();
						return document.querySelector(':target') === tr &&
						    b.top >= -1 && b.top < innerHeight;
					}, anchors[0]);
					if (!first)
						problems.push(`clicking the period of #${anchors[0]} does not bring its row into view as :target`);
					return problems;
				} finally {
					await context.close();
				}
			});
		}
	}
}

// At a figure's permalink URL (row ID): the row's citation is shown, in
// the window, and holds the permalink and the data's version and date;
// its copy buttons (cite.js) copy it with today's date in its place.
async function citeInPlace(page, url, id) {
	const problems = [];
	const shown = await page.evaluate((id) => {
		const box = document.querySelector(`#${id} + tr.cite-row .cite-box`);
		if (!box)
			return null;
		const b = box.getBoundingClientRect();
		return {
			visible: box.checkVisibility() && b.height > 0,
			top: Math.round(b.top), bottom: Math.round(b.bottom),
			texts: [...box.querySelectorAll('.cite-text')].map((e) => e.textContent),
			dates: [...box.querySelectorAll('time.consulted')].map((e) =>
			    ({ iso: e.getAttribute('datetime'), words: e.textContent })),
			buttons: box.querySelectorAll('button.copy').length,
			others: [...document.querySelectorAll('tr.cite-row')].filter(
			    (e) => e.checkVisibility()).length,
		};
	}, id);
	if (shown === null)
		return [`no citation after row #${id}`];
	if (!shown.visible)
		problems.push(`the citation of #${id} is not shown`);
	else if (shown.top < 0 || shown.top >= await page.evaluate('innerHeight'))
		problems.push(`the citation of #${id} is out of the window (top ${shown.top}px)`);
	if (shown.others !== 1)
		problems.push(`${shown.others} citations shown, not the target's alone`);
	if (shown.texts.length !== 2)
		problems.push(`${shown.texts.length} citations (APA, text) in the box, not 2`);
	// The version is the release the figure is in, whose permalink the
	// citation gives beside the latest one (the same page and row under
	// releases/NAME/); for a figure in no release, the data's date as
	// YYYY-MM-DD. The date consulted is the data's date in words, in the
	// page's language.
	const date = shown.dates[0] || {};
	const base = url.replace(/(en|nl)\/series\/.*$/, '');
	for (const c of shown.texts) {
		if (!c.includes(url))
			problems.push(`the citation does not hold its permalink ${url}: "${c}"`);
		const rel = /\/releases\/([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?)\//.exec(c);
		const version = rel ? rel[1] : date.iso;
		if (rel && !c.includes(base + `releases/${rel[1]}/` + url.slice(base.length)))
			problems.push(`the citation names release ${rel[1]} but not the figure's permalink there: "${c}"`);
		if (!version || !c.includes(version))
			problems.push(`the citation does not give its version (${version}): "${c}"`);
		if (!date.words || (c.split(date.words).length - 1) !== 1)
			problems.push(`the citation does not give the date consulted ("${date.words}") once: "${c}"`);
	}
	if (shown.buttons !== shown.texts.length)
		return problems.concat([`${shown.buttons} copy buttons for ${shown.texts.length} citations`]);
	// The reader's today: a day that is not the data's.
	await page.clock.setFixedTime(new Date(2031, 4, 4, 12));
	const today = (await page.evaluate('document.documentElement.lang')) === 'nl' ?
	    '4 mei 2031' : '4 May 2031';
	await page.click(`#${id} + tr.cite-row button.copy`);
	const copied = await page.waitForFunction(() => navigator.clipboard.readText(),
	    null, { timeout: 5000 }).then((h) => h.jsonValue(), (e) => `(${e.message})`);
	const want = shown.texts[0].replace(date.words, today)
	    .replace(/\s+/g, ' ').trim();
	if (copied !== want)
		problems.push(`the copy button copied "${copied}", not "${want}"`);
	return problems;
}

// Every download link of the downloads page and of a series page: status
// 200, the type the file needs (and the link's type attribute), the file's
// bytes. Two are clicked as a reader would, and saved.
async function downloads(ctx, browser, seriesPage) {
	const { results: r, base, site, out } = ctx;
	const context = await browser.newContext({ acceptDownloads: true });
	const page = await context.newPage();
	const checkLinks = async (p, selector) => {
		await page.goto(base + p);
		const found = await page.$$eval(selector, (as) => as.map((a) =>
		    ({ href: a.href, type: a.getAttribute('type'), text: a.textContent })));
		if (found.length === 0)
			r.record(p, 'downloads', [`no links match ${selector}`]);
		for (const l of found) {
			const rel = l.href.startsWith(base) ? l.href.slice(base.length) : l.href;
			await r.test(`${p} -> ${rel}`, 'download', async () => {
				if (!l.href.startsWith(base))
					return [`the link leaves the site: ${l.href}`];
				const res = await context.request.get(l.href);
				const type = res.headers()['content-type'];
				const problems = [];
				if (res.status() !== 200)
					return [`status ${res.status()}`];
				if (type !== expectedType(rel))
					problems.push(`Content-Type '${type}', not '${expectedType(rel)}'`);
				if (l.type && !type.startsWith(l.type))
					problems.push(`the link says type="${l.type}", the server '${type}'`);
				const body = await res.body();
				if (!body.equals(fs.readFileSync(path.join(site, rel))))
					problems.push('the bytes differ from the file');
				return problems;
			});
		}
		return found;
	};
	await checkLinks('en/downloads.html', 'main table a[href]');
	await checkLinks(seriesPage, 'main a[type]');

	// Clicked: the browser saves the file.
	for (const file of ['data/reeks.zip', 'data/reeks.csv']) {
		await r.test(`en/downloads.html -> ${file}`, 'download clicked', async () => {
			await page.goto(base + 'en/downloads.html');
			const [dl] = await Promise.all([
				page.waitForEvent('download', { timeout: 10000 }),
				page.click(`main table a[href$="${file.split('/').pop()}"]`),
			]);
			const saved = path.join(out, 'downloads', path.basename(file));
			await dl.saveAs(saved);
			return fs.readFileSync(saved).equals(fs.readFileSync(
			    path.join(site, file))) ? [] :
			    ['the file the browser saved differs from the site\'s'];
		});
	}
	await context.close();
}

// Screenshots of the home, a topic and a series page at each width; at
// 360 px nothing may make the page scroll sideways.
async function screenshots(ctx, browser, dir, which) {
	const { results: r, base } = ctx;
	for (const width of WIDTHS) {
		const context = await browser.newContext({
		    viewport: { width, height: 800 } });
		const page = await context.newPage();
		for (const [name, p] of Object.entries(which)) {
			await r.test(p, `screenshot at ${width}px`, async () => {
				await page.goto(base + p);
				const file = path.join(dir, `${name}-${width}.png`);
				await page.screenshot({ path: file, fullPage: true });
				const wide = await page.evaluate(() => ({
					scroll: document.documentElement.scrollWidth,
					inner: window.innerWidth,
					culprits: [...document.querySelectorAll('body *')]
					    .filter((e) => e.getBoundingClientRect().right >
					    window.innerWidth + 1 && !e.closest('.table-scroll'))
					    .slice(0, 3).map((e) => e.tagName.toLowerCase() +
					    (e.className ? '.' + String(e.className).split(' ')[0] : '')),
				}));
				const problems = [];
				if (wide.scroll > wide.inner)
					problems.push(`the page is ${wide.scroll}px wide in a ${wide.inner}px window (${wide.culprits.join(', ')})`);
				// On a phone the data table is one card per row,
				// which must fit: nothing to scroll sideways.
				if (width < 640) {
					const over = await page.evaluate(() => [...document.querySelectorAll('.table-scroll')]
					    .filter((d) => d.querySelector('table.data') &&
					    d.scrollWidth > d.clientWidth + 1)
					    .map((d) => `${d.scrollWidth}px in ${d.clientWidth}px`));
					if (over.length > 0)
						problems.push(`the data table does not fit: ${over.join(', ')}`);
				}
				if (!fs.existsSync(file) || fs.statSync(file).size < 1000)
					problems.push('no screenshot');
				return problems;
			});
		}
		await context.close();
	}
}

// With JavaScript off the pages show everything: the charts, every row.
async function noScript(ctx, browser, list, html) {
	const { results: r, base } = ctx;
	const context = await browser.newContext({ javaScriptEnabled: false });
	const page = await context.newPage();
	for (const p of list) {
		await r.test(p, 'without JavaScript', async () => {
			await page.goto(base + p);
			const problems = [];
			const svgs = page.locator('main svg');
			const n = (html.get(p).match(/<svg\b/g) || []).length;
			if (await svgs.count() !== n)
				problems.push(`${await svgs.count()} charts, not ${n}`);
			for (let i = 0; i < n; i++) {
				const box = await svgs.nth(i).boundingBox();
				if (!box || box.height < 100 || !(await svgs.nth(i).isVisible()))
					problems.push(`chart ${i + 1} is not shown`);
			}
			// Every table row and every key figure is shown.
			// (Not a figure's citation, shown at its permalink, nor
			// what a reader opens: the rates, the notes.)
			for (const [what, sel] of [['table rows',
			    'main table tbody tr:not(.cite-row):not(details:not([open]) tr)'],
			    ['key figures', 'main .figure-value']]) {
				const els = page.locator(sel);
				const total = await els.count();
				let visible = 0;
				for (let i = 0; i < total; i++)
					visible += await els.nth(i).isVisible() ? 1 : 0;
				if (visible < total)
					problems.push(`${visible} of ${total} ${what} shown`);
			}
			if (p.endsWith('index.html') &&
			    await page.locator('main .figure-value').count() === 0)
				problems.push('no key figures on the home page');
			return problems;
		});
	}
	await context.close();
}

// Printed: the chart, the table and the citations are on paper; the
// page goes to tests/out/web/series-print.pdf.
async function print(ctx, browser, p) {
	const { results: r, base, out } = ctx;
	// The width of an A4 page's text at 96 dpi, between 1.5 cm margins.
	const context = await browser.newContext({
	    viewport: { width: 680, height: 960 } });
	const page = await context.newPage();
	await r.test(p, 'print', async () => {
		await page.goto(base + p);
		await page.emulateMedia({ media: 'print' });
		const problems = [];
		const seen = await page.evaluate(() => {
			const shown = (e) => e.checkVisibility() &&
			    e.getBoundingClientRect().height > 0;
			const cites = [...document.querySelectorAll('details.cite p, details.cite pre')];
			return {
				chart: [...document.querySelectorAll('main svg')].every(shown),
				rows: [...document.querySelectorAll('table.data tbody tr:not(.cite-row)')].filter(shown).length,
				allRows: document.querySelectorAll('table.data tbody tr:not(.cite-row)').length,
				cites: cites.filter(shown).length,
				allCites: cites.length,
				nav: document.querySelector('nav.main') ? shown(document.querySelector('nav.main')) : false,
				// Nothing runs off the side of the paper.
				wide: [...document.querySelectorAll('main *')].filter((e) =>
				    e.getBoundingClientRect().right >
				    document.documentElement.clientWidth + 1).slice(0, 3).map(
				    (e) => e.tagName.toLowerCase() + (e.className ?
				    '.' + String(e.className).split(' ')[0] : '')),
			};
		});
		if (!seen.chart)
			problems.push('the chart is not printed');
		if (seen.rows !== seen.allRows || seen.allRows === 0)
			problems.push(`${seen.rows} of ${seen.allRows} table rows printed`);
		if (seen.cites !== seen.allCites || seen.allCites === 0)
			problems.push(`${seen.cites} of ${seen.allCites} citations printed`);
		if (seen.nav)
			problems.push('the navigation is printed');
		if (seen.wide.length > 0)
			problems.push(`wider than the page: ${seen.wide.join(', ')}`);
		const pdf = path.join(out, 'series-print.pdf');
		await page.pdf({ path: pdf, format: 'A4', printBackground: false });
		const head = fs.readFileSync(pdf).subarray(0, 5).toString('latin1');
		if (head !== '%PDF-')
			problems.push('no PDF written');
		return problems;
	});
	await context.close();
}

module.exports = { run };
