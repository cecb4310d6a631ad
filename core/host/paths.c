/* paths.c: locating bundled data and plugins, in the build tree or after `meson install`. */
#include "paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"

/* True when /proc/self/exe sits in the build tree this binary was configured for: then the data
 * and plugins to use are the ones beside the sources, not an older installed copy. */
static bool running_from_build_tree(void)
{
    static int cached = -1;
    if (cached >= 0)
        return cached;
    char exe[PATH_MAX], build[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    cached = 0;
    if (n > 0 && realpath(CPG_BUILD_ROOT, build)) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash)
            *slash = '\0';
        cached = strcmp(exe, build) == 0;
    }
    return cached;
}

const char *cpg_paths_datadir(void)
{
    const char *env = getenv("CPECGRAPH_DATADIR");
    if (env && *env)
        return env;
    return running_from_build_tree() ? CPG_SOURCE_ROOT "/data" : CPG_DATADIR;
}

const char *cpg_paths_plugindir(void)
{
    static char dir[PATH_MAX];
    const char *env = getenv("CPECGRAPH_DATADIR");
    if (env && *env)
        snprintf(dir, sizeof dir, "%s/plugins", env);
    else
        snprintf(dir, sizeof dir, "%s",
                 running_from_build_tree() ? CPG_SOURCE_ROOT "/plugins" : CPG_DATADIR "/plugins");
    return dir;
}

char *cpg_paths_join(const char *dir, const char *name)
{
    size_t size = strlen(dir) + strlen(name) + 2;
    char *path = malloc(size);
    if (path)
        snprintf(path, size, "%s/%s", dir, name);
    return path;
}
