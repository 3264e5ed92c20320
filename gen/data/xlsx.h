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
 * Write the workbook of ST as RELPATH in O (a derived file: when the
 * previous build made it from the same CSV, README and date, it is
 * reused, see out.h). P gives the version, base URL and date;
 * CSV_SHA256 is the hash of the dataset's CSV (export_csv()), which holds
 * every value of the Data sheet. libxlsxwriter runs in a child process
 * (it is not safe when memory runs out) and writes a temporary file in
 * the staging directory, which is then copied and removed. Call it when
 * no other thread of the build runs (it forks).
 * Returns 0, or -1 after adding a message to ERRS.
 */
int xlsx_write(out_dir *o, const char *relpath, const reeks_store *st,
    const bundle_parts *p, const char *csv_sha256, errlist *errs);

#endif
