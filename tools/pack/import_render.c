/* lectern-pack import: rendering PDF pages with poppler's pdftoppm. Asks
 * pdfinfo for the page count and renders page ranges in parallel, one
 * pdftoppm per processor (at most 4), so a long deck imports faster. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import_internal.h"

#define PAGES_PER_PROCESS_MIN 6
#define MAX_PROCESSES 4

/* Page count from `pdfinfo`, or 0 when it cannot tell. */
static long page_count(const char *pdf, const char *work)
{
    char tool[4096], out[4400], log[4400];
    if (!imp_which("pdfinfo", tool, sizeof tool))
        return 0;
    snprintf(out, sizeof out, "%s/pdfinfo.txt", work);
    snprintf(log, sizeof log, "%s/pdfinfo.log", work);
    char *argv[] = {"pdfinfo", (char *)pdf, NULL};
    if (imp_run_capture(argv, out, log) != 0)
        return 0;
    char *text = imp_read_file(out, NULL);
    long pages = 0;
    for (char *line = text; line && *line;) {
        if (!strncmp(line, "Pages:", 6)) {
            pages = strtol(line + 6, NULL, 10);
            break;
        }
        char *nl = strchr(line, '\n');
        line = nl ? nl + 1 : NULL;
    }
    free(text);
    return pages > 0 ? pages : 0;
}

int imp_render_pdf(const char *pdf, const char *prefix, const char *work, char *log, size_t log_cap)
{
    long pages = page_count(pdf, work);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int k = 1;
    if (pages > 0 && cpus > 1) {
        k = (int)(cpus < MAX_PROCESSES ? cpus : MAX_PROCESSES);
        if (pages / PAGES_PER_PROCESS_MIN < k)
            k = (int)(pages / PAGES_PER_PROCESS_MIN);
        if (k < 1)
            k = 1;
    }
    char first[MAX_PROCESSES][24], last[MAX_PROCESSES][24], logs[MAX_PROCESSES][4400];
    char *argvs[MAX_PROCESSES][13];
    char **const argvp[MAX_PROCESSES] = {argvs[0], argvs[1], argvs[2], argvs[3]};
    const char *logp[MAX_PROCESSES];
    for (int i = 0; i < k; i++) {
        char **a = argvs[i];
        int n = 0;
        a[n++] = "pdftoppm";
        a[n++] = "-png";
        a[n++] = "-scale-to-x";
        a[n++] = "1920";
        a[n++] = "-scale-to-y";
        a[n++] = "-1";
        if (k > 1) {    /* pages from..to of this share */
            snprintf(first[i], sizeof first[i], "%ld", 1 + pages * i / k);
            snprintf(last[i], sizeof last[i], "%ld", pages * (i + 1) / k);
            a[n++] = "-f";
            a[n++] = first[i];
            a[n++] = "-l";
            a[n++] = last[i];
        }
        a[n++] = (char *)pdf;
        a[n++] = (char *)prefix;
        a[n] = NULL;
        snprintf(logs[i], sizeof logs[i], "%s/pdftoppm-%d.log", work, i);
        logp[i] = logs[i];
    }
    int st = imp_run_many(argvp, logp, k);
    snprintf(log, log_cap, "%s", logs[0]);
    if (st != 0)    /* the log of the first share that says something */
        for (int i = 0; i < k; i++) {
            FILE *f = fopen(logs[i], "r");
            int c = f ? fgetc(f) : EOF;
            if (f)
                fclose(f);
            if (c != EOF) {
                snprintf(log, log_cap, "%s", logs[i]);
                break;
            }
        }
    return st;
}
