/*
 * text.c: the texts of an element in each language: one child element per
 * language (titles, notes), or a text for every language with its
 * translations (a source's <citation>, an observation's at="...").
 */
#include <string.h>

#include "loader.h"

static const char *const lang_codes[2] = { "en", "nl" };
static const char *const lang_names[2] = { "English", "Dutch" };

/*
 * Read the child elements NAME of N, one per language, into OUT. WHAT
 * names N in messages ("series 'x'"). When REQUIRED, both languages must
 * be there; otherwise both or neither.
 */
void
reeks_read_text2(loader *ld, const xmlNode *n, const char *name, text2 *out,
    bool required, const char *what)
{
	unsigned long lines[2] = { 0, 0 };

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!reeks_is_element(c, name))
			continue;
		const char *lang = reeks_attr_shared(ld, c, "lang");
		int i = lang != NULL && strcmp(lang, "nl") == 0;
		const char *t = reeks_text_shared(ld, c);

		if (lang == NULL || t == NULL)
			continue;
		if (out->lang[i] != NULL) {
			reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(c),
			    "%s has a second <%s lang=\"%s\"> (first at "
			    "line %lu)", what, name, lang_codes[i], lines[i]);
			continue;
		}
		if (*t == '\0')
			reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(c),
			    "%s has an empty <%s lang=\"%s\">", what, name,
			    lang_codes[i]);
		out->lang[i] = t;
		lines[i] = reeks_line_of(c);
	}
	for (int i = 0; i < 2; i++) {
		if (out->lang[i] != NULL)
			continue;
		if (required)
			reeks_report(ld, REEKS_DIAG_DATA, reeks_line_of(n),
			    "%s has no <%s lang=\"%s\"> (%s %s)", what, name,
			    lang_codes[i], lang_names[i], name);
		else if (out->lang[1 - i] != NULL)
			reeks_report(ld, REEKS_DIAG_DATA, lines[1 - i],
			    "%s has <%s lang=\"%s\"> but no <%s lang=\"%s\">"
			    " (%s)", what, name, lang_codes[1 - i], name,
			    lang_codes[i], lang_names[i]);
	}
}

/*
 * Read the translations of a text given once for every language (a
 * source's <citation>, the at="..." of an observation or claim): the
 * child elements NAME of N with a lang attribute, at most one per
 * language, into OUT. WHAT names N in messages.
 */
void
reeks_read_translations(loader *ld, const xmlNode *n, const char *name,
    text2 *out, const char *what)
{
	unsigned long lines[2] = { 0, 0 };

	for (const xmlNode *c = n->children; c != NULL; c = c->next) {
		if (!reeks_is_element(c, name))
			continue;
		const char *lang = reeks_attr_shared(ld, c, "lang");
		int i = lang != NULL && strcmp(lang, "nl") == 0;
		const char *t = lang != NULL ? reeks_text_shared(ld, c) : NULL;
		unsigned long line = reeks_line_of(c);

		if (t == NULL)
			continue;
		if (out->lang[i] != NULL) {
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s has a second <%s lang=\"%s\"> (first at "
			    "line %lu)", what, name, lang_codes[i], lines[i]);
			continue;
		}
		if (*t == '\0')
			reeks_report(ld, REEKS_DIAG_DATA, line,
			    "%s has an empty <%s lang=\"%s\">", what, name,
			    lang_codes[i]);
		out->lang[i] = t;
		lines[i] = line;
	}
}
