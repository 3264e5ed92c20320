/*
 * args.h: the one command-line parser of reeks, over glibc's getopt_long.
 *
 * Each command declares its options as a table of args_opt (name, short
 * letter, kind of value, help text, where the value goes) in an args_cmd;
 * args_parse() parses a command line by that table and args_help() prints
 * the command's --help from it, so that help and parsing cannot disagree.
 *
 * Everywhere: --opt=VALUE and --opt VALUE (-j4 and -j 4) are the same;
 * options and arguments come in any order; "--" ends the options; -h and
 * --help print the help. A long option must be spelled whole (getopt_long's
 * abbreviations are refused: the help does not list them). A usage error
 * is one line, "reeks COMMAND: message" (made one line by
 * reeks_line_escape(): what the user typed may hold a newline), then
 * "Try 'reeks COMMAND --help'.", and exit status 2:
 *
 *   unknown option '--bogus'            not in the table (or abbreviated)
 *   option '--data' needs a value       missing or empty value
 *   option '--quiet' takes no value     --quiet=yes
 *   option '--data' given twice         repeated
 *   option '-j' needs a number of threads from 1 to 256, not '0'
 *   unknown format 'xls' (known: csv, xml, json)
 *   unexpected argument 'x'             more arguments than the command takes
 *   missing option '--base-url URL'     (the command's own message if set)
 */
#ifndef REEKS_ARGS_H
#define REEKS_ARGS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What an option's value is, and the type of the field it goes to. */
typedef enum args_kind {
	ARGS_FLAG,      /* no value; bool, set to true */
	ARGS_STRING,    /* const char *, not empty */
	ARGS_CHOICE,    /* const char *, one of choices */
	ARGS_INT,       /* int, a decimal number from min to max */
	ARGS_DOUBLE     /* double, a number above min and below max */
} args_kind;

/* The most options a command may have. */
#define ARGS_MAX_OPTS 16

typedef struct args_opt {
	const char *name;       /* long name, without "--" */
	char letter;            /* short letter, or 0 (not h: help) */
	args_kind kind;
	const char *meta;       /* the value in help: "DIR" (CHOICE: choices) */
	const char *help;       /* its help: lines separated by '\n', each at
	                         * most 79 columns once indented */
	size_t offset;          /* of its field in the command's values */
	const char *def;        /* default, read as a value given; shown in
	                         * help; NULL: the field is left as it was */
	const char *choices;    /* CHOICE: "csv|xml|json" */
	double min, max;        /* INT, DOUBLE: the range */
	const char *what;       /* INT, DOUBLE: "a number of threads" */
	bool required;          /* a usage error when not given */
} args_opt;

typedef struct args_cmd {
	const char *name;       /* "stats"; "" for reeks itself */
	const char *context;    /* prefix of messages ("apc"), or NULL */
	const char *summary;    /* one line in 'reeks --help' */
	const char *about;      /* 'reeks NAME --help', after the usage line */
	const char *epilog;     /* ... and after the options (exit status) */
	const args_opt *opts;
	size_t nopts;
	const char *operands;   /* "SERIES", "FUNCTION ARGS...", or NULL */
	int min_operands;
	int max_operands;       /* -1: any number */
	const char *missing;    /* message when operands are missing */
	const char *missing_opt;/* message when a required option is missing */
	bool stop_at_operand;   /* the first operand ends the options: the
	                         * rest is the operand's (calc FUNCTION) */
	bool numbers;           /* a word beginning with '-' is an operand
	                         * unless it is "--", -h, or "--" and a
	                         * letter: negative numbers (calc) */
	const struct args_cmd *help_of; /* --help prints this one's, or NULL */
	void (*more_help)(FILE *out);   /* prints more help after about */
} args_cmd;

/* The words of the command line that are not options, in order. */
typedef struct args_operands {
	char **v;
	int n;
} args_operands;

enum {
	ARGS_OK = 0,
	ARGS_HELP = -1,         /* help printed: exit 0 */
	ARGS_NOMEM = 1,         /* "reeks COMMAND: out of memory" printed */
	ARGS_USAGE = 2          /* a usage error printed */
};

/*
 * Parse the ARGC words of ARGV (the command's arguments, without the
 * command name) by CMD: each option's value, or its default, is stored in
 * VALUES at the option's offset; the operands go to *OPS (free them with
 * args_operands_free(), also after a failure). Returns ARGS_OK,
 * ARGS_HELP after printing the help to OUT, or ARGS_NOMEM or ARGS_USAGE
 * after printing the message to ERR. ARGV is not changed.
 */
int args_parse(const args_cmd *cmd, int argc, char *const *argv,
    void *values, args_operands *ops, FILE *out, FILE *err);
void args_operands_free(args_operands *ops);

/* Print "reeks NAME: [CONTEXT: ]message" (one line) and "Try 'reeks NAME
 * --help'." to ERR; returns ARGS_USAGE. */
int args_usage(const args_cmd *cmd, FILE *err, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

int args_vusage(const args_cmd *cmd, FILE *err, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* Print the help of CMD: the usage line, about, the options, epilog. */
void args_help(const args_cmd *cmd, FILE *out);

/* Print "NAME SYNOPSIS" (e.g. "stats [--data DIR] ... SERIES"), the
 * cursor being at column COL, wrapped before column 80, the lines after
 * the first indented INDENT columns. */
void args_synopsis(const args_cmd *cmd, FILE *out, int col, int indent);

/* --data DIR, the data directory, into the field FIELD of TYPE: one
 * entry for every command that reads the data. */
#define ARGS_DATA_OPT(type, field) { .name = "data", .kind = ARGS_STRING, \
	.meta = "DIR", .help = "the data directory", \
	.offset = offsetof(type, field), .def = "data" }

/* Exit status, the end of most commands' help. */
#define ARGS_EXIT_STATUS "Exit status: 0 success, 1 errors in the data (or output that could not\n" \
	"be written), 2 usage error.\n"

/* The commands, for 'reeks --help' (gen/cli/main.c). */
extern const args_cmd stats_args, calc_args, release_args, diff_args,
    init_args;

#endif /* REEKS_ARGS_H */
