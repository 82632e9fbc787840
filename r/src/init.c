/* The .Call entry points of the R package foedus.
 *
 * Each reads R's arguments (already checked for type and length by the R
 * functions), calls the Rust library (rust/src/lib.rs, linked statically) and
 * copies the tables it answers with into R vectors. Errors never raise here: an
 * entry point returns a list of class "foedus_ffi_error" (argument, message) and
 * the R side signals the condition, so no longjmp ever crosses Rust frames and
 * every Rust allocation is freed. */
#include <R.h>
#include <Rinternals.h>
#include <R_ext/Rdynload.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __linux__
#include <sys/mman.h>
#include <unistd.h>
#endif

typedef struct {
  char *arg;
  char *msg;
} FdError;
typedef struct FdTables FdTables;
typedef struct Registry Registry;

extern void fd_error_free(FdError *);
extern Registry *fd_open(const char *, int *, FdError *);
extern void fd_registry_free(Registry *);
extern FdTables *fd_import(const char *, const char *, FdError *);
typedef struct FdPanel FdPanel;
extern FdPanel *fd_panel(const Registry *, int, const char *, int, int, int, int, int, int,
                         const char *const *, int, FdError *);
extern int fd_panel_fill(const FdPanel *, void *const *, const int *const *, int, double,
                         FdError *);
extern double fd_panel_rows(const FdPanel *);
extern int fd_panel_cols(const FdPanel *);
extern const char *fd_panel_name(const FdPanel *, int);
extern int fd_panel_kind(const FdPanel *, int);
extern const char *fd_panel_note(const FdPanel *);
extern int fd_panel_string(const FdPanel *, int, double, const char **, int *);
extern void fd_panel_free(FdPanel *);
extern FdTables *fd_obligations(const Registry *, const char *, const char *, const char *,
                                const char *const *, int, const char *, int, const char *,
                                FdError *);
extern FdTables *fd_simulate(const Registry *, const char *, const char *, const char *,
                             const char *const *, int, const char *, int, const char *, double,
                             double, double, const char *, const char *const *, const double *,
                             int, const char *, int, FdError *);
extern FdTables *fd_agreements(const Registry *, const char *, const char *, const char *,
                               const char *, const char *, const char *, const char *, int,
                               const char *, const char *, FdError *);
extern FdTables *fd_calendar(const Registry *, const char *, const char *, const char *,
                             const char *const *, int, FdError *);
extern void fd_tables_free(FdTables *);
extern int fd_tables_count(const FdTables *);
extern int fd_text_count(const FdTables *);
extern const char *fd_text(const FdTables *, int);
extern const char *fd_table_note(const FdTables *, int);
extern double fd_table_rows(const FdTables *, int);
extern int fd_table_cols(const FdTables *, int);
extern const char *fd_column_name(const FdTables *, int, int);
extern int fd_column_kind(const FdTables *, int, int);
extern void fd_column_ints(const FdTables *, int, int, int, int *);
extern void fd_column_doubles(const FdTables *, int, int, double, double *);
extern int fd_table_batches(const FdTables *, int);
extern int fd_batch_rows(const FdTables *, int, int);
extern int fd_column_string(const FdTables *, int, int, int, int, const char **, int *);

/* The error as an R list of class foedus_ffi_error; frees the Rust strings. */
static SEXP error_value(FdError *err) {
  SEXP out = PROTECT(allocVector(VECSXP, 2));
  SEXP names = PROTECT(allocVector(STRSXP, 2));
  SET_STRING_ELT(names, 0, mkChar("argument"));
  SET_STRING_ELT(names, 1, mkChar("message"));
  SET_VECTOR_ELT(out, 0, mkString(err->arg ? err->arg : ""));
  SET_VECTOR_ELT(out, 1,
                 ScalarString(mkCharCE(err->msg ? err->msg : "unknown error", CE_UTF8)));
  fd_error_free(err);
  setAttrib(out, R_NamesSymbol, names);
  setAttrib(out, R_ClassSymbol, mkString("foedus_ffi_error"));
  UNPROTECT(2);
  return out;
}

/* A string argument: NULL for R's NULL, NA or a zero-length vector. */
static const char *str_arg(SEXP x) {
  if (TYPEOF(x) != STRSXP || xlength(x) < 1 || STRING_ELT(x, 0) == NA_STRING) return NULL;
  return translateCharUTF8(STRING_ELT(x, 0));
}

/* A character vector as a C array (R_alloc: freed by R at the end of the call). */
static const char **strs_arg(SEXP x, int *n) {
  *n = 0;
  if (TYPEOF(x) != STRSXP) return NULL;
  int len = (int)xlength(x);
  const char **out = (const char **)R_alloc(len > 0 ? len : 1, sizeof(char *));
  for (int i = 0; i < len; i++)
    out[i] = STRING_ELT(x, i) == NA_STRING ? NULL : translateCharUTF8(STRING_ELT(x, i));
  *n = len;
  return out;
}

static int int_arg(SEXP x, int missing) {
  if (xlength(x) < 1) return missing;
  if (TYPEOF(x) == INTSXP) return INTEGER(x)[0] == NA_INTEGER ? missing : INTEGER(x)[0];
  if (TYPEOF(x) == LGLSXP) return LOGICAL(x)[0] == NA_LOGICAL ? missing : LOGICAL(x)[0];
  if (TYPEOF(x) == REALSXP) return ISNAN(REAL(x)[0]) ? missing : (int)REAL(x)[0];
  return missing;
}

static double dbl_arg(SEXP x) {
  if (xlength(x) < 1) return NA_REAL;
  if (TYPEOF(x) == REALSXP) return REAL(x)[0];
  if (TYPEOF(x) == INTSXP) return INTEGER(x)[0] == NA_INTEGER ? NA_REAL : INTEGER(x)[0];
  return NA_REAL;
}

static Registry *registry_arg(SEXP x) {
  if (TYPEOF(x) != EXTPTRSXP) return NULL;
  return (Registry *)R_ExternalPtrAddr(x);
}

/* True if `name` is one of the strings of `set` (a character vector or NULL). */
static int in_set(const char *name, SEXP set) {
  if (TYPEOF(set) != STRSXP) return 0;
  for (R_xlen_t k = 0; k < XLENGTH(set); k++)
    if (STRING_ELT(set, k) != NA_STRING && strcmp(translateCharUTF8(STRING_ELT(set, k)), name) == 0)
      return 1;
  return 0;
}

/* One table as a named list of columns, with its note as attribute "note"; the
 * columns named in `skip` are left out (NULL: none). */
static SEXP table_value(const FdTables *t, int i, SEXP skip) {
  int all = fd_table_cols(t, i), ncol = 0;
  int *which = (int *)R_alloc(all > 0 ? all : 1, sizeof(int));
  for (int c = 0; c < all; c++)
    if (!in_set(fd_column_name(t, i, c), skip)) which[ncol++] = c;
  R_xlen_t nrow = (R_xlen_t)fd_table_rows(t, i);
  SEXP out = PROTECT(allocVector(VECSXP, ncol));
  SEXP names = PROTECT(allocVector(STRSXP, ncol));
  for (int j = 0; j < ncol; j++) {
    int c = which[j];
    SET_STRING_ELT(names, j, mkCharCE(fd_column_name(t, i, c), CE_UTF8));
    SEXP col;
    switch (fd_column_kind(t, i, c)) {
      case 0:
        col = PROTECT(allocVector(INTSXP, nrow));
        fd_column_ints(t, i, c, NA_INTEGER, INTEGER(col));
        break;
      case 1:
        col = PROTECT(allocVector(REALSXP, nrow));
        fd_column_doubles(t, i, c, NA_REAL, REAL(col));
        break;
      case 3:
        col = PROTECT(allocVector(LGLSXP, nrow));
        fd_column_ints(t, i, c, NA_LOGICAL, LOGICAL(col));
        break;
      default: {
        col = PROTECT(allocVector(STRSXP, nrow));
        R_xlen_t at = 0;
        int nb = fd_table_batches(t, i);
        for (int b = 0; b < nb; b++) {
          int rows = fd_batch_rows(t, i, b);
          for (int r = 0; r < rows; r++, at++) {
            const char *p;
            int len;
            if (fd_column_string(t, i, c, b, r, &p, &len))
              SET_STRING_ELT(col, at, mkCharLenCE(p, len, CE_UTF8));
            else
              SET_STRING_ELT(col, at, NA_STRING);
          }
        }
      }
    }
    SET_VECTOR_ELT(out, j, col);
    UNPROTECT(1);
  }
  setAttrib(out, R_NamesSymbol, names);
  setAttrib(out, install("rows"), ScalarReal((double)nrow));
  const char *note = fd_table_note(t, i);
  if (note) setAttrib(out, install("note"), ScalarString(mkCharCE(note, CE_UTF8)));
  UNPROTECT(2);
  return out;
}

/* Every table and the text an entry point answered with:
 * list(tables = list(...), text = character()); frees them. On error, the error. */
static SEXP tables_value(FdTables *t, FdError *err, SEXP skip) {
  if (!t) return error_value(err);
  int n = fd_tables_count(t), m = fd_text_count(t);
  SEXP out = PROTECT(allocVector(VECSXP, 2));
  SEXP tables = PROTECT(allocVector(VECSXP, n));
  for (int i = 0; i < n; i++) SET_VECTOR_ELT(tables, i, table_value(t, i, skip));
  SEXP text = PROTECT(allocVector(STRSXP, m));
  for (int i = 0; i < m; i++) SET_STRING_ELT(text, i, mkCharCE(fd_text(t, i), CE_UTF8));
  fd_tables_free(t);
  SET_VECTOR_ELT(out, 0, tables);
  SET_VECTOR_ELT(out, 1, text);
  SEXP names = PROTECT(allocVector(STRSXP, 2));
  SET_STRING_ELT(names, 0, mkChar("tables"));
  SET_STRING_ELT(names, 1, mkChar("text"));
  setAttrib(out, R_NamesSymbol, names);
  UNPROTECT(4);
  return out;
}
/* Note: an allocation failure above would longjmp with `t` unfreed (a leak, never
 * a crash): Rust frames are not on the stack here. */

static void registry_finalize(SEXP p) {
  Registry *r = (Registry *)R_ExternalPtrAddr(p);
  if (r) {
    fd_registry_free(r);
    R_ClearExternalPtr(p);
  }
}

static SEXP c_open(SEXP db) {
  FdError err = {0};
  int created = -1;
  Registry *r = fd_open(str_arg(db), &created, &err);
  if (!r) return error_value(&err);
  SEXP p = PROTECT(R_MakeExternalPtr(r, install("foedus_registry"), R_NilValue));
  R_RegisterCFinalizerEx(p, registry_finalize, TRUE);
  setAttrib(p, install("created"), ScalarInteger(created));
  UNPROTECT(1);
  return p;
}

static SEXP c_close(SEXP p) {
  if (TYPEOF(p) == EXTPTRSXP) registry_finalize(p);
  return R_NilValue;
}

static SEXP c_import(SEXP db, SEXP dir) {
  FdError err = {0};
  return tables_value(fd_import(str_arg(db), str_arg(dir), &err), &err, R_NilValue);
}

/* Asks Linux to back a large vector with huge pages before its first write: a
 * panel's columns are hundreds of megabytes of fresh memory, and faulting them in
 * 4 KiB pages costs more than computing them (transparent huge pages in
 * "madvise" mode, the default of many distributions). Elsewhere a no-op. */
static void huge_pages(void *data, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  const uintptr_t huge = 2u << 20;
  if (bytes < 2 * huge) return;
  uintptr_t start = ((uintptr_t)data + huge - 1) & ~(huge - 1);
  uintptr_t end = ((uintptr_t)data + bytes) & ~(huge - 1);
  if (end > start) madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

/* Allocates column c of a prepared panel in `cols` and points targets[c] at its
 * data (a character column: a non-null mark; it is copied after the fill). */
static void alloc_column(const FdPanel *p, int c, R_xlen_t nrow, SEXP cols, void **targets) {
  static char mark;
  switch (fd_panel_kind(p, c)) {
    case 0: SET_VECTOR_ELT(cols, c, allocVector(INTSXP, nrow)); break;
    case 1: SET_VECTOR_ELT(cols, c, allocVector(REALSXP, nrow)); break;
    case 3: SET_VECTOR_ELT(cols, c, allocVector(LGLSXP, nrow)); break;
    default: SET_VECTOR_ELT(cols, c, allocVector(STRSXP, nrow)); targets[c] = &mark; return;
  }
  targets[c] = DATAPTR(VECTOR_ELT(cols, c));
  huge_pages(targets[c], (size_t)nrow * (fd_panel_kind(p, c) == 1 ? sizeof(double) : sizeof(int)));
}

/* The panel a request describes, computed by the engine straight into R's
 * vectors. `keys`: NULL, or a named list of the key columns of the data the new
 * columns go to; if the panel's rows are those (same number, identical keys), the
 * columns named in `skip` are not computed into R and the result says
 * "same_rows"; else every column is. Answers list(tables = list(columns), text). */
static SEXP c_panel(SEXP reg, SEXP unit, SEXP system, SEXP years, SEXP mry, SEXP directed,
                    SEXP microstates, SEXP add, SEXP skip, SEXP keys) {
  FdError err = {0};
  int has_years = TYPEOF(years) == INTSXP && XLENGTH(years) == 2;
  int n_add;
  const char **a = strs_arg(add, &n_add);
  FdPanel *p = fd_panel(registry_arg(reg), int_arg(unit, 1), str_arg(system), has_years,
                        has_years ? INTEGER(years)[0] : 0, has_years ? INTEGER(years)[1] : 0,
                        int_arg(mry, 1), int_arg(directed, 1), int_arg(microstates, 0), a, n_add,
                        &err);
  if (!p) return error_value(&err);
  int ncol = fd_panel_cols(p);
  R_xlen_t nrow = (R_xlen_t)fd_panel_rows(p);
  const int **compare = (const int **)R_alloc(ncol > 0 ? ncol : 1, sizeof(int *));
  void **targets = (void **)R_alloc(ncol > 0 ? ncol : 1, sizeof(void *));
  int *skipped = (int *)R_alloc(ncol > 0 ? ncol : 1, sizeof(int));
  for (int c = 0; c < ncol; c++) compare[c] = NULL, targets[c] = NULL, skipped[c] = 0;
  /* The keys can be compared if each is a panel column, integer, of the panel's length. */
  int comparable = TYPEOF(keys) == VECSXP && XLENGTH(keys) > 0;
  if (comparable) {
    SEXP names = getAttrib(keys, R_NamesSymbol);
    for (R_xlen_t k = 0; comparable && k < XLENGTH(keys); k++) {
      SEXP v = VECTOR_ELT(keys, k);
      int col = -1;
      for (int c = 0; c < ncol; c++)
        if (strcmp(fd_panel_name(p, c), translateCharUTF8(STRING_ELT(names, k))) == 0) col = c;
      comparable = col >= 0 && TYPEOF(v) == INTSXP && XLENGTH(v) == nrow;
      if (comparable) compare[col] = INTEGER(v);
    }
    if (!comparable)
      for (int c = 0; c < ncol; c++) compare[c] = NULL;
  }
  SEXP cols = PROTECT(allocVector(VECSXP, ncol));
  for (int c = 0; c < ncol; c++) {
    skipped[c] = comparable && in_set(fd_panel_name(p, c), skip);
    if (!skipped[c]) alloc_column(p, c, nrow, cols, targets);
  }
  int same = fd_panel_fill(p, (void *const *)targets, compare, NA_INTEGER, NA_REAL, &err);
  if (same >= 0 && comparable && !same) {
    /* Not the same rows: the skipped columns (the keys) are needed to join. */
    for (int c = 0; c < ncol; c++) {
      compare[c] = NULL;
      targets[c] = NULL;
      if (skipped[c]) alloc_column(p, c, nrow, cols, targets), skipped[c] = 0;
    }
    same = fd_panel_fill(p, (void *const *)targets, compare, NA_INTEGER, NA_REAL, &err);
    if (same >= 0) same = 0;
  }
  if (same < 0) {
    fd_panel_free(p);
    UNPROTECT(1);
    return error_value(&err);
  }
  if (!comparable) same = 0;
  int kept = 0;
  for (int c = 0; c < ncol; c++) kept += !skipped[c];
  SEXP columns = PROTECT(allocVector(VECSXP, kept));
  SEXP names = PROTECT(allocVector(STRSXP, kept));
  for (int c = 0, j = 0; c < ncol; c++) {
    if (skipped[c]) continue;
    SEXP col = VECTOR_ELT(cols, c);
    if (TYPEOF(col) == STRSXP) {
      for (R_xlen_t r = 0; r < nrow; r++) {
        const char *s;
        int len;
        if (fd_panel_string(p, c, (double)r, &s, &len))
          SET_STRING_ELT(col, r, mkCharLenCE(s, len, CE_UTF8));
        else
          SET_STRING_ELT(col, r, NA_STRING);
      }
    }
    SET_VECTOR_ELT(columns, j, col);
    SET_STRING_ELT(names, j, mkCharCE(fd_panel_name(p, c), CE_UTF8));
    j++;
  }
  setAttrib(columns, R_NamesSymbol, names);
  const char *note = fd_panel_note(p);
  if (note) setAttrib(columns, install("note"), ScalarString(mkCharCE(note, CE_UTF8)));
  fd_panel_free(p);
  SEXP out = PROTECT(allocVector(VECSXP, 2));
  SEXP tables = PROTECT(allocVector(VECSXP, 1));
  SET_VECTOR_ELT(tables, 0, columns);
  SET_VECTOR_ELT(out, 0, tables);
  SET_VECTOR_ELT(out, 1, allocVector(STRSXP, 0));
  SEXP onames = PROTECT(allocVector(STRSXP, 2));
  SET_STRING_ELT(onames, 0, mkChar("tables"));
  SET_STRING_ELT(onames, 1, mkChar("text"));
  setAttrib(out, R_NamesSymbol, onames);
  if (same) setAttrib(out, install("same_rows"), ScalarLogical(1));
  UNPROTECT(6);
  return out;
}

static SEXP c_obligations(SEXP reg, SEXP attacker, SEXP target, SEXP date, SEXP place,
                          SEXP provoked, SEXP attackers, SEXP requested) {
  FdError err = {0};
  int n_place;
  const char **pl = strs_arg(place, &n_place);
  FdTables *t = fd_obligations(registry_arg(reg), str_arg(attacker), str_arg(target),
                               str_arg(date), pl, n_place, str_arg(provoked),
                               int_arg(attackers, -1), str_arg(requested), &err);
  return tables_value(t, &err, R_NilValue);
}

static SEXP c_simulate(SEXP args) {
  /* args: list(reg, attacker, target, date, place, provoked, attackers, requested,
   *            runs, seed, honour, honour_kinds, honour_values, possibly, top);
   * honour is a number, or a string ("empirical") the engine reads instead. */
  FdError err = {0};
  int n_place, n_kinds;
  const char **pl = strs_arg(VECTOR_ELT(args, 4), &n_place);
  const char **kinds = strs_arg(VECTOR_ELT(args, 11), &n_kinds);
  SEXP values = VECTOR_ELT(args, 12);
  if (TYPEOF(values) != REALSXP || XLENGTH(values) != n_kinds) n_kinds = 0;
  FdTables *t = fd_simulate(
      registry_arg(VECTOR_ELT(args, 0)), str_arg(VECTOR_ELT(args, 1)),
      str_arg(VECTOR_ELT(args, 2)), str_arg(VECTOR_ELT(args, 3)), pl, n_place,
      str_arg(VECTOR_ELT(args, 5)), int_arg(VECTOR_ELT(args, 6), -1),
      str_arg(VECTOR_ELT(args, 7)), dbl_arg(VECTOR_ELT(args, 8)), dbl_arg(VECTOR_ELT(args, 9)),
      dbl_arg(VECTOR_ELT(args, 10)), str_arg(VECTOR_ELT(args, 10)), kinds,
      n_kinds > 0 ? REAL(values) : NULL, n_kinds,
      str_arg(VECTOR_ELT(args, 13)), int_arg(VECTOR_ELT(args, 14), 10), &err);
  return tables_value(t, &err, R_NilValue);
}

static SEXP c_agreements(SEXP args) {
  /* args: list(reg, party, partner, family, obligation, owed_to, owed_by, in_force,
   *            bilateral, source, q) */
  FdError err = {0};
  FdTables *t = fd_agreements(
      registry_arg(VECTOR_ELT(args, 0)), str_arg(VECTOR_ELT(args, 1)),
      str_arg(VECTOR_ELT(args, 2)), str_arg(VECTOR_ELT(args, 3)), str_arg(VECTOR_ELT(args, 4)),
      str_arg(VECTOR_ELT(args, 5)), str_arg(VECTOR_ELT(args, 6)), str_arg(VECTOR_ELT(args, 7)),
      int_arg(VECTOR_ELT(args, 8), -1), str_arg(VECTOR_ELT(args, 9)),
      str_arg(VECTOR_ELT(args, 10)), &err);
  return tables_value(t, &err, R_NilValue);
}

static SEXP c_calendar(SEXP reg, SEXP from, SEXP until, SEXP party, SEXP kinds) {
  FdError err = {0};
  int n;
  const char **k = strs_arg(kinds, &n);
  FdTables *t =
      fd_calendar(registry_arg(reg), str_arg(from), str_arg(until), str_arg(party), k, n, &err);
  return tables_value(t, &err, R_NilValue);
}

static const R_CallMethodDef calls[] = {
    {"foedus_c_open", (DL_FUNC)&c_open, 1},
    {"foedus_c_close", (DL_FUNC)&c_close, 1},
    {"foedus_c_import", (DL_FUNC)&c_import, 2},
    {"foedus_c_panel", (DL_FUNC)&c_panel, 10},
    {"foedus_c_obligations", (DL_FUNC)&c_obligations, 8},
    {"foedus_c_simulate", (DL_FUNC)&c_simulate, 1},
    {"foedus_c_agreements", (DL_FUNC)&c_agreements, 1},
    {"foedus_c_calendar", (DL_FUNC)&c_calendar, 5},
    {NULL, NULL, 0}};

void R_init_foedus(DllInfo *dll) {
  R_registerRoutines(dll, NULL, calls, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
}
