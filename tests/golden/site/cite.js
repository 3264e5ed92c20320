// reeks: the copy buttons of a series page's citations (progressive
// enhancement: without this script each citation still shows when its
// row is the page's target). Served from the site itself, as the
// Content-Security-Policy (script-src 'self') allows; no inline code.
//
// A citation's date consulted is the data's date in the page (a static
// page cannot know the reader's); the copied text has today's, the
// reader's local date, in the same form: words in the page's language
// ("4 May 2031", "4 mei 2031"), as the site writes dates.
'use strict';
(function () {
	function today() {
		var nl = document.documentElement.lang === 'nl';
		return new Date().toLocaleDateString(nl ? 'nl-NL' : 'en-GB',
		    { day: 'numeric', month: 'long', year: 'numeric' });
	}

	// The citation's text as a reader copies it: today's date in place
	// of the data's.
	function citationText(el) {
		var copy = el.cloneNode(true);
		var dates = copy.querySelectorAll('time.consulted');
		for (var i = 0; i < dates.length; i++)
			dates[i].textContent = today();
		return copy.textContent.replace(/\s+/g, ' ').trim();
	}

	// Without the Clipboard API (an http: page that is not localhost):
	// a selected, off-screen text area and the copy command.
	function fallback(text) {
		var area = document.createElement('textarea');
		area.value = text;
		area.setAttribute('readonly', '');
		area.style.position = 'fixed';
		area.style.left = '-9999px';
		document.body.appendChild(area);
		area.select();
		var ok = false;
		try {
			ok = document.execCommand('copy');
		} catch (e) {
			ok = false;
		}
		document.body.removeChild(area);
		return ok ? Promise.resolve() : Promise.reject(new Error('copy'));
	}

	function copyText(text) {
		if (navigator.clipboard && window.isSecureContext)
			return navigator.clipboard.writeText(text).catch(function () {
				return fallback(text);
			});
		return fallback(text);
	}

	var table = document.querySelector('table[data-copy]');
	if (!table)
		return;
	var label = table.getAttribute('data-copy');
	var done = table.getAttribute('data-copied');
	var texts = table.querySelectorAll('.cite-text');
	for (var i = 0; i < texts.length; i++) {
		(function (el) {
			var b = document.createElement('button');
			b.type = 'button';
			b.className = 'copy';
			b.textContent = label;
			b.addEventListener('click', function () {
				copyText(citationText(el)).then(function () {
					b.textContent = done;
					b.setAttribute('data-copied-text', citationText(el));
					setTimeout(function () { b.textContent = label; }, 2000);
				}, function () {
					b.textContent = label;
				});
			});
			el.parentNode.appendChild(document.createTextNode(' '));
			el.parentNode.appendChild(b);
		})(texts[i]);
	}
})();
