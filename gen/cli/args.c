/*
 * args.c: the command-line parser (see args.h).
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "util/errlist.h"

/* Help lines end before this column. */
#define ARGS_WIDTH 79
/* getopt_long's value for the long option at index i of a table: above
 * every short letter, so that optopt tells which option it was. */
#define LONG_BASE 256

int
args_vusage(const args_cmd *cmd, FILE *err, const char *fmt, va_list ap)
{
	const char *sp = *cmd->name != '\0' ? " " : "";
	char prefix[160];

	snprintf(prefix, sizeof prefix, "reeks%s%s: %s%s", sp, cmd->name,
	    cmd->context != NULL ? cmd->context : "",
	    cmd->context != NULL ? ": " : "");
	print_line(err, prefix, fmt, ap);
	fprintf(err, "Try 'reeks%s%s --help'.\n", sp, cmd->name);
	return ARGS_USAGE;
}

int
args_usage(const args_cmd *cmd, FILE *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	(void)args_vusage(cmd, err, fmt, ap);
	va_end(ap);
	return ARGS_USAGE;
}

/* The value of O as help shows it ("DIR", "csv|xml|json"), or NULL for a
 * flag. */
static const char *
value_name(const args_opt *o)
{
	return o->kind == ARGS_FLAG ? NULL :
	    o->kind == ARGS_CHOICE ? o->choices : o->meta;
}

/* Whether TEXT is one of CHOICES ("a|b|c"). */
static bool
is_choice(const char *choices, const char *text)
{
	size_t len = strlen(text);

	for (const char *p = choices; *p != '\0';) {
		size_t n = strcspn(p, "|");

		if (n == len && strncmp(p, text, n) == 0)
			return true;
		p += n + (p[n] == '|');
	}
	return false;
}

/*
 * Store TEXT, the value of O (NULL for a flag) as the user typed it under
 * the name SHOWN ("--data", "-j"), in VALUES. Returns 0, or ARGS_USAGE
 * after printing why not.
 */
static int
set_value(const args_cmd *cmd, FILE *err, const args_opt *o,
    const char *shown, const char *text, void *values)
{
	void *field = (char *)values + o->offset;
	char *end, list[256];
	size_t i, k;

	if (o->kind == ARGS_FLAG) {
		*(bool *)field = true;
		return 0;
	}
	if (text == NULL || *text == '\0')
		return args_usage(cmd, err, "option '%s' needs a value", shown);
	switch (o->kind) {
	case ARGS_CHOICE:
		if (!is_choice(o->choices, text)) {
			/* "csv|xml|json" as "csv, xml, json" */
			for (i = 0, k = 0; o->choices[i] != '\0' &&
			    k + 3 < sizeof list; i++) {
				list[k++] = o->choices[i] == '|' ? ',' :
				    o->choices[i];
				if (o->choices[i] == '|')
					list[k++] = ' ';
			}
			list[k] = '\0';
			return args_usage(cmd, err, "unknown %s '%s' (known: %s)",
			    o->name, text, list);
		}
		break;
	case ARGS_INT: {
		long n;

		errno = 0;
		n = strtol(text, &end, 10);
		if (!isdigit((unsigned char)text[0]) || *end != '\0' ||
		    errno != 0 || n < (long)o->min || n > (long)o->max)
			return args_usage(cmd, err, "option '%s' needs %s from "
			    "%.0f to %.0f, not '%s'", shown, o->what, o->min,
			    o->max, text);
		*(int *)field = (int)n;
		return 0;
	}
	case ARGS_DOUBLE: {
		double d = strtod(text, &end);

		if (end == text || *end != '\0' || !(d > o->min && d < o->max))
			return args_usage(cmd, err, "option '%s' needs %s "
			    "between %g and %g, not '%s'", shown, o->what,
			    o->min, o->max, text);
		*(double *)field = d;
		return 0;
	}
	default:
		break;
	}
	*(const char **)field = text;
	return 0;
}

/* In a command whose operands may be negative numbers: whether W, a word
 * beginning with '-', is an operand (see args_cmd.numbers). */
static bool
is_dash_operand(const args_cmd *cmd, const char *w)
{
	if (w[0] != '-' || w[1] == '\0')
		return false;
	if (w[1] == '-')
		return w[2] != '\0' && !isalpha((unsigned char)w[2]);
	if (w[1] == 'h')
		return false;
	for (size_t i = 0; i < cmd->nopts; i++)
		if (cmd->opts[i].letter == w[1])
			return false;
	return true;
}

/* The table entry of short letter C, or NULL. */
static const args_opt *
by_letter(const args_cmd *cmd, int c)
{
	for (size_t i = 0; i < cmd->nopts; i++)
		if (cmd->opts[i].letter != 0 && cmd->opts[i].letter == c)
			return &cmd->opts[i];
	return NULL;
}

/* Whether WORD ("--name" or "--name=value") spells NAME whole, not one of
 * getopt_long's abbreviations. */
static bool
spelled_whole(const char *word, const char *name)
{
	size_t len = strlen(name);

	return strncmp(word + 2, name, len) == 0 &&
	    (word[2 + len] == '\0' || word[2 + len] == '=');
}

int
args_parse(const args_cmd *cmd, int argc, char *const *argv, void *values,
    args_operands *ops, FILE *out, FILE *err)
{
	static char reset_name[] = "reeks";
	static char *const reset_argv[] = { reset_name, NULL };
	struct option longs[ARGS_MAX_OPTS + 2];
	char shorts[2 * ARGS_MAX_OPTS + 8], shown[128];
	bool seen[ARGS_MAX_OPTS] = { false };
	size_t nopts = cmd->nopts, k = 0;
	char **v;
	int vc = argc + 1, c, rc = ARGS_OK;
	bool mid = false;

	ops->v = NULL;
	ops->n = 0;
	if (nopts > ARGS_MAX_OPTS)
		return args_usage(cmd, err, "more than %d options in the table",
		    ARGS_MAX_OPTS);
	/* One block: the operands, then the words getopt_long reads (it
	 * wants a program name first). */
	if ((ops->v = calloc(2 * (size_t)argc + 3, sizeof *ops->v)) == NULL) {
		fprintf(err, "reeks%s%s: out of memory\n",
		    *cmd->name != '\0' ? " " : "", cmd->name);
		return ARGS_NOMEM;
	}
	v = ops->v + argc + 1;
	v[0] = reset_name;
	for (int i = 0; i < argc; i++)
		v[i + 1] = argv[i];
	v[vc] = NULL;

	/* "-": operands returned in order, as 1; ":": a missing value
	 * returned as ':'; no message from getopt itself. */
	shorts[k++] = '-';
	shorts[k++] = ':';
	for (size_t i = 0; i < nopts; i++) {
		const args_opt *o = &cmd->opts[i];

		longs[i] = (struct option){ o->name, o->kind == ARGS_FLAG ?
		    no_argument : required_argument, NULL,
		    LONG_BASE + (int)i };
		if (o->letter != 0) {
			shorts[k++] = o->letter;
			if (o->kind != ARGS_FLAG)
				shorts[k++] = ':';
		}
	}
	shorts[k++] = 'h';
	shorts[k] = '\0';
	longs[nopts] = (struct option){ "help", no_argument, NULL,
	    LONG_BASE + (int)nopts };
	longs[nopts + 1] = (struct option){ NULL, 0, NULL, 0 };

	/* optind 0 makes glibc start afresh (a cluster such as -qx left
	 * half read by an earlier parse is forgotten); the empty command
	 * line does that before the real one. */
	opterr = 0;
	optind = 0;
	(void)getopt_long(1, reset_argv, shorts, longs, NULL);
	optind = 1;

	for (;;) {
		const args_opt *o;
		const char *word;
		int before = optind;

		if (!mid && cmd->numbers && optind < vc &&
		    is_dash_operand(cmd, v[optind])) {
			optarg = v[optind++];
			c = 1;
		} else {
			c = getopt_long(vc, v, shorts, longs, NULL);
		}
		if (c == -1)
			break;
		mid = false;
		if (c == 1) {
			if (cmd->max_operands >= 0 &&
			    ops->n >= cmd->max_operands) {
				rc = args_usage(cmd, err, "unexpected argument "
				    "'%s'", optarg);
				goto out;
			}
			ops->v[ops->n++] = optarg;
			if (cmd->stop_at_operand)
				break;
			continue;
		}
		if (c == ':' || (c == '?' && optopt >= LONG_BASE)) {
			if (optopt >= LONG_BASE)
				snprintf(shown, sizeof shown, "--%s",
				    optopt - LONG_BASE < (int)nopts ?
				    cmd->opts[optopt - LONG_BASE].name : "help");
			else
				snprintf(shown, sizeof shown, "-%c", optopt);
			rc = args_usage(cmd, err, c == ':' ?
			    "option '%s' needs a value" :
			    "option '%s' takes no value", shown);
			goto out;
		}
		if (c == '?') {
			if (optopt != 0) {
				rc = args_usage(cmd, err, "unknown option '-%c'",
				    optopt);
				goto out;
			}
			word = v[optind - 1];
			rc = args_usage(cmd, err, "unknown option '%.*s'",
			    (int)strcspn(word, "="), word);
			goto out;
		}
		if (c >= LONG_BASE) {
			o = c - LONG_BASE < (int)nopts ?
			    &cmd->opts[c - LONG_BASE] : NULL;
			word = o != NULL && o->kind != ARGS_FLAG &&
			    optarg == v[optind - 1] ? v[optind - 2] :
			    v[optind - 1];
			if (!spelled_whole(word, o != NULL ? o->name : "help")) {
				rc = args_usage(cmd, err, "unknown option "
				    "'%.*s'", (int)strcspn(word, "="), word);
				goto out;
			}
			if (o != NULL)
				snprintf(shown, sizeof shown, "--%s", o->name);
		} else {
			o = by_letter(cmd, c);
			/* still inside a cluster such as -qj4 */
			mid = optind == before;
			snprintf(shown, sizeof shown, "-%c", c);
		}
		if (o == NULL && (c == 'h' || c == LONG_BASE + (int)nopts)) {
			args_help(cmd->help_of != NULL ? cmd->help_of : cmd,
			    out);
			rc = ARGS_HELP;
			goto out;
		}
		if (o == NULL) {
			rc = args_usage(cmd, err, "unknown option '-%c'", c);
			goto out;
		}
		if (seen[o - cmd->opts]) {
			rc = args_usage(cmd, err, "option '%s' given twice",
			    shown);
			goto out;
		}
		seen[o - cmd->opts] = true;
		if ((rc = set_value(cmd, err, o, shown, o->kind == ARGS_FLAG ?
		    NULL : optarg, values)) != 0)
			goto out;
	}
	/* After "--", or what the first operand leaves to itself. */
	for (int i = optind; i < vc; i++) {
		if (!cmd->stop_at_operand && cmd->max_operands >= 0 &&
		    ops->n >= cmd->max_operands) {
			rc = args_usage(cmd, err, "unexpected argument '%s'",
			    v[i]);
			goto out;
		}
		ops->v[ops->n++] = v[i];
	}
	for (size_t i = 0; i < nopts; i++)
		if (cmd->opts[i].required && !seen[i]) {
			const args_opt *o = &cmd->opts[i];

			rc = cmd->missing_opt != NULL ?
			    args_usage(cmd, err, "%s", cmd->missing_opt) :
			    args_usage(cmd, err, "missing option '--%s%s%s'",
			    o->name, value_name(o) != NULL ? " " : "",
			    value_name(o) != NULL ? value_name(o) : "");
			goto out;
		}
	if (ops->n < cmd->min_operands) {
		rc = cmd->missing != NULL ?
		    args_usage(cmd, err, "%s", cmd->missing) :
		    args_usage(cmd, err, "missing %s", cmd->operands);
		goto out;
	}
	for (size_t i = 0; i < nopts; i++)
		if (!seen[i] && cmd->opts[i].def != NULL) {
			snprintf(shown, sizeof shown, "--%s", cmd->opts[i].name);
			if ((rc = set_value(cmd, err, &cmd->opts[i], shown,
			    cmd->opts[i].def, values)) != 0)
				goto out;
		}
out:
	ops->v[ops->n] = NULL;
	return rc;
}

void
args_operands_free(args_operands *ops)
{
	free(ops->v);
	ops->v = NULL;
	ops->n = 0;
}

/* Print ITEM at *COL, after a space unless *FIRST, or on a new line
 * indented INDENT when it would reach past ARGS_WIDTH. */
static void
put_item(FILE *out, const char *item, int *col, int indent, bool *first)
{
	int len = (int)strlen(item);

	if (*first) {
		fputs(item, out);
		*col += len;
		*first = false;
	} else if (*col + 1 + len > ARGS_WIDTH) {
		fprintf(out, "\n%*s%s", indent, "", item);
		*col = indent + len;
	} else {
		fprintf(out, " %s", item);
		*col += 1 + len;
	}
}

void
args_synopsis(const args_cmd *cmd, FILE *out, int col, int indent)
{
	char item[160];
	bool first = *cmd->name == '\0';

	fputs(cmd->name, out);
	col += (int)strlen(cmd->name);
	for (size_t i = 0; i < cmd->nopts; i++) {
		const args_opt *o = &cmd->opts[i];
		const char *val = value_name(o);
		char flag[64];

		if (o->letter != 0)
			snprintf(flag, sizeof flag, "-%c", o->letter);
		else
			snprintf(flag, sizeof flag, "--%s", o->name);
		snprintf(item, sizeof item, "%s%s%s%s%s", o->required ? "" : "[",
		    flag, val != NULL ? " " : "", val != NULL ? val : "",
		    o->required ? "" : "]");
		put_item(out, item, &col, indent, &first);
	}
	if (cmd->operands != NULL)
		put_item(out, cmd->operands, &col, indent, &first);
	putc('\n', out);
}

/* "  -j, --jobs N" for O (or "  -h, --help" when O is NULL). */
static void
option_left(const args_opt *o, char *buf, size_t size)
{
	const char *val = o != NULL ? value_name(o) : NULL;
	char letter[8] = "";

	if (o == NULL || o->letter != 0)
		snprintf(letter, sizeof letter, "-%c, ",
		    o != NULL ? o->letter : 'h');
	snprintf(buf, size, "  %s--%s%s%s", letter, o != NULL ? o->name :
	    "help", val != NULL ? " " : "", val != NULL ? val : "");
}

/* Print LEFT, then HELP from column COL, its lines after the first
 * indented to COL; DEF, when not NULL, as "(default: DEF)" at the end
 * of a help of one line, or on a line of its own. */
static void
option_help(FILE *out, const char *left, int col, const char *help,
    const char *def)
{
	int at = (int)strlen(left);

	fputs(left, out);
	if (at + 2 > col) {
		putc('\n', out);
		at = 0;
	}
	for (const char *p = help; *p != '\0';) {
		size_t n = strcspn(p, "\n");

		fprintf(out, "%*s%.*s", col - at, "", (int)n, p);
		at = col + (int)n;
		p += n;
		if (*p == '\n') {
			putc('\n', out);
			at = 0;
			p++;
		}
	}
	if (def != NULL) {
		int len = (int)strlen(def) + (int)sizeof " (default: )" - 1;

		if (at + len > ARGS_WIDTH || strchr(help, '\n') != NULL) {
			fprintf(out, "\n%*s(default: %s)", col, "", def);
		} else {
			fprintf(out, " (default: %s)", def);
		}
	}
	putc('\n', out);
}

void
args_help(const args_cmd *cmd, FILE *out)
{
	char left[160];
	int col = 0;

	fputs("usage: reeks ", out);
	args_synopsis(cmd, out, 13, 13 + (int)strlen(cmd->name) +
	    (*cmd->name != '\0'));
	if (cmd->about != NULL)
		fprintf(out, "\n%s", cmd->about);
	if (cmd->more_help != NULL)
		cmd->more_help(out);
	for (size_t i = 0; i <= cmd->nopts; i++) {
		option_left(i < cmd->nopts ? &cmd->opts[i] : NULL, left,
		    sizeof left);
		if ((int)strlen(left) + 2 > col && strlen(left) < 28)
			col = (int)strlen(left) + 2;
	}
	fputs("\nOptions:\n", out);
	for (size_t i = 0; i < cmd->nopts; i++) {
		option_left(&cmd->opts[i], left, sizeof left);
		option_help(out, left, col, cmd->opts[i].help,
		    cmd->opts[i].def);
	}
	option_left(NULL, left, sizeof left);
	option_help(out, left, col, "show this help and exit", NULL);
	if (cmd->epilog != NULL)
		fprintf(out, "\n%s", cmd->epilog);
}
