/* plugins.h: what plugins.c offers the rest of the host: the plugin search path and the -a
 * arguments (internal to core/host). */
#ifndef CPECGRAPH_PLUGINS_H
#define CPECGRAPH_PLUGINS_H

#include <stdbool.h>

#include "runtime.h"

bool cpg_host_init_dirs(cpg_host *h);
void cpg_host_free_dirs(cpg_host *h);
bool cpg_host_parse_args(cpg_host *h);  /* prints usage errors */
void cpg_host_free_args(cpg_host *h);
void cpg_host_push_raw_args(cpg_host *h);  /* {KEY = "VALUE"} of the bare -a items */

#endif
