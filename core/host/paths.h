/* paths.h: where cpecgraph finds its bundled data and plugins (program-internal). */
#ifndef CPECGRAPH_PATHS_H
#define CPECGRAPH_PATHS_H

/* The bundled-data directory: $CPECGRAPH_DATADIR when set; the source tree's data/ when this
 * binary runs from its own build tree; else the installed datadir. The string is static. */
const char *cpg_paths_datadir(void);

/* The bundled plugin directory, chosen the same way. The string is static. */
const char *cpg_paths_plugindir(void);

/* DIR/NAME in a new string the caller frees; NULL when out of memory. */
char *cpg_paths_join(const char *dir, const char *name);

#endif
