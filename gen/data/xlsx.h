/*
 * xlsx.h: the whole dataset as a spreadsheet (data/reeks.xlsx), made with
 * libxlsxwriter, byte for byte the same between builds of the same data.
 *
 * Two sheets: README (the text of the bundle's README.txt, but for what
 * the workbook holds, dataset_readme()) and Data (one row per
 * observation, the columns of reeks.csv in an order for reading,
 * workbook_column_at(); numbers in number cells, periods as text,
 * secondary as TRUE or FALSE; a frozen header row and filters).
 *
 * What makes it reproducible: the document's created and modified dates
 * are the build date (libxlsxwriter would take the clock when given 0, so
 * a build date of 0 becomes 1 second), and libxlsxwriter dates every zip
 * entry 1980-01-01 00:00:00, whatever the clock (tests/xlsx.sh checks
 * both). Nothing else of the machine gets in: the parts are written in a
 * fixed order, and the temporary files libxlsxwriter uses are not named
 * in the file.
 */
#ifndef REEKS_XLSX_H
#define REEKS_XLSX_H

#include "data/bundle.h"
#include "out/out.h"
#include "reeks.h"

/*
 * The workbook of ST as RELPATH in O, in three steps, so that it is made
 * beside the rest of the build (see xlsx.c):
 *
 * xlsx_start() starts the child process that will make it, with P's
 * version, base URL and date. Call it when no other thread of the build
 * runs (it forks), from the thread that lives as long as the process
 * (the child is killed when that thread ends). NULL after adding a
 * message to ERRS.
 *
 * xlsx_decide(), from any thread, once the dataset's CSV (export_csv(),
 * which holds every value of the Data sheet) is written with hash
 * CSV_SHA256: when the previous build made the workbook from the same
 * CSV, README and date (a derived file, see out.h), it is linked, and the
 * child ends; otherwise the child makes it, in a temporary file in the
 * staging directory. Returns 0, or -1 after adding a message to ERRS.
 *
 * xlsx_finish() lists the workbook linked, or waits for the child and
 * writes the workbook it made, as RELPATH (either way at that place in
 * O's list of files; a workbook it did not make, or made while
 * libxlsxwriter complained, fails the build). Returns 0, or -1 after
 * adding a message to ERRS. xlsx_abort() stops the child instead. Both
 * free X.
 */
typedef struct xlsx_run xlsx_run;
xlsx_run *xlsx_start(out_dir *o, const char *relpath, const reeks_store *st,
    const bundle_parts *p, errlist *errs);
int xlsx_decide(xlsx_run *x, out_dir *o, const char *csv_sha256,
    errlist *errs);
int xlsx_finish(xlsx_run *x, out_dir *o, errlist *errs);
void xlsx_abort(xlsx_run *x);

#endif
