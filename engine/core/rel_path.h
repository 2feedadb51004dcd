/* Paths written in reports relative to the configuration's folder, so that a
 * published workbook names `donnees/etablissements.csv`, not the machine's
 * absolute layout. Lexical: "." and ".." segments are folded, symbolic links
 * are not followed; a relative path is taken from the current directory. */
#ifndef OBS_REL_PATH_H
#define OBS_REL_PATH_H

/* path relative to the folder dir (both relative to the current directory
 * or absolute); malloc'd, NULL when out of memory. */
char *rel_path(const char *path, const char *dir);

/* path relative to the folder holding the file config (config NULL: path
 * as is); malloc'd. */
char *rel_path_to_config(const char *path, const char *config);

/* The same for a list of paths separated by '|' (the ledger's form); the
 * result separates them with ", ". */
char *rel_path_list_to_config(const char *list, const char *config);

#endif
