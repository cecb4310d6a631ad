/* options.c: getopt_long parsing and the --help text of cpecgraph. */
#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "suggest.h"

enum { OPT_LIST_PLUGINS = 256, OPT_PLUGIN_HELP, OPT_CHECK, OPT_SEED, OPT_TIMEOUT, OPT_MEMORY,
       OPT_UNSAFE, OPT_FORMAT, OPT_SINCE, OPT_UNTIL, OPT_UNDATED, OPT_DROP_ISOLATED,
       OPT_ON_CONFLICT, OPT_NAME, OPT_DEDUPE, OPT_MERGE_ALIASES, OPT_RESOLVE };

static const struct option long_options[] = {
    {"plugin", required_argument, NULL, 'p'},
    {"arg", required_argument, NULL, 'a'},
    {"eval", required_argument, NULL, 'e'},
    {"interactive", no_argument, NULL, 'i'},
    {"output", required_argument, NULL, 'o'},
    {"list-plugins", no_argument, NULL, OPT_LIST_PLUGINS},
    {"plugin-help", required_argument, NULL, OPT_PLUGIN_HELP},
    {"check", no_argument, NULL, OPT_CHECK},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"format-option", required_argument, NULL, 'O'},
    {"seed", required_argument, NULL, OPT_SEED},
    {"timeout", required_argument, NULL, OPT_TIMEOUT},
    {"memory-limit", required_argument, NULL, OPT_MEMORY},
    {"unsafe", no_argument, NULL, OPT_UNSAFE},
    {"since", required_argument, NULL, OPT_SINCE},
    {"until", required_argument, NULL, OPT_UNTIL},
    {"undated", required_argument, NULL, OPT_UNDATED},
    {"drop-isolated", no_argument, NULL, OPT_DROP_ISOLATED},
    {"on-conflict", required_argument, NULL, OPT_ON_CONFLICT},
    {"name", required_argument, NULL, OPT_NAME},
    {"dedupe", no_argument, NULL, OPT_DEDUPE},
    {"merge-aliases", no_argument, NULL, OPT_MERGE_ALIASES},
    {"resolve", required_argument, NULL, OPT_RESOLVE},
    {"quiet", no_argument, NULL, 'q'},
    {"verbose", no_argument, NULL, 'v'},
    {"version", no_argument, NULL, 'V'},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
};

void cpg_options_print_help(void)
{
    printf(
"Usage: cpecgraph [OPTIONS] [FILE...]\n"
"Analyse a relationship graph with Lua plugins. FILEs are graphs (node-link JSON, JSON Lines,\n"
"JSON Graph Format, Cytoscape.js JSON, GraphML, GEXF, GML, Pajek, CSV tables, edge lists,\n"
"Graphviz DOT, FollowTheMoney entities, STIX 2.1 bundles or GDELT 2.0 events), merged in\n"
"order ('-' reads standard input); with no FILE, the bundled CPEC 2.0 graph is used.\n"
"\n"
"Running code:\n"
"  -p, --plugin NAME        run plugin NAME (a path, or NAME[.lua] on the plugin path);\n"
"                           repeatable, plugins run in order on the same graph\n"
"  -a, --arg [PLUGIN.]KEY=VALUE\n"
"                           pass an argument to the plugins declaring KEY (or to PLUGIN)\n"
"  -e, --eval CODE          run Lua CODE with the global 'graph', after the plugins\n"
"  -i, --interactive        open a Lua prompt with 'graph' loaded\n"
"      --list-plugins       list the plugins found on the plugin path\n"
"      --plugin-help NAME   describe plugin NAME and its arguments\n"
"\n"
"Input and output:\n"
"      --check              validate the inputs and print a summary line per file, and\n"
"                           one for the merged graph (also what runs when no plugin, -e\n"
"                           or -i is given)\n"
"      --format FORMAT      read the FILEs as FORMAT: auto (default: told from the content,\n"
"                           then the name), node-link, jsonl, ftm, jgf, cytoscape, stix,\n"
"                           graphml, gexf, gml, pajek, gdelt, csv, edgelist, dot\n"
"  -O, --format-option KEY=VALUE\n"
"                           an option of the reader: csv takes delimiter, source, target, id\n"
"                           and directed; edgelist directed, columns and delimiter; jsonl and\n"
"                           ftm stubs=true (a node for each id no line holds); stix refs=false\n"
"                           and stubs=true; gdelt level=actor|country|type, aggregate=true\n"
"  -o, --output FILE        write the output to FILE, replaced atomically on success\n"
"\n"
"Merging (every node and edge remembers the files it came from: n:sources() in Lua):\n"
"      --on-conflict RULE   what a value that contradicts an earlier file's does: last\n"
"                           (default: replaces it), first (is dropped), error (stops the\n"
"                           load), list (both stay, as a list); each one is a note unless -q\n"
"      --name NAME          the merged graph's name (the other graph attributes merge)\n"
"      --dedupe             collapse the edges that repeat another (same ends, type and\n"
"                           evidence) into it, with the sources of all\n"
"      --merge-aliases      merge the nodes of one type whose labels or aliases match, NFC\n"
"                           normalised and case folded; the first node stays, and the\n"
"                           others' values that contradict its own are dropped unless\n"
"                           --on-conflict is given\n"
"      --resolve FILE       merge as FILE judges: JSON lines of {\"same\": [ID, ...]} (the\n"
"                           first ID stays) and {\"different\": [ID, ...]}, which\n"
"                           --merge-aliases then respects\n"
"\n"
"Time (dates are ISO 8601, full or partial: 2015, 2015-07, 2015-07-14T10:00Z):\n"
"      --since DATE         keep the edges whose time meets DATE or later\n"
"      --until DATE         keep the edges whose time meets DATE (all of it) or earlier\n"
"      --undated keep|drop  what the window does with edges that have no time\n"
"                           (default keep)\n"
"      --drop-isolated      drop the nodes that no kept edge touches (default: keep them)\n"
"\n"
"Limits and safety:\n"
"      --seed N             seed for random choices (default %d): same seed, same results\n"
"      --timeout SEC        wall-clock limit per plugin and per -e (default %g, 0 = none)\n"
"      --memory-limit MB    cap on the memory of the plugins and -e of a run together (Lua\n"
"                           heap, what they store in graphs) and on a piped input\n"
"                           (default %g, 0 = none)\n"
"      --unsafe             give plugins the full Lua standard library (files, processes)\n"
"\n"
"  -q, --quiet              print errors only\n"
"  -v, --verbose            also print notes (such as the stub nodes a reader made)\n"
"  -V, --version            print the versions of cpecgraph and of the libraries it runs\n"
"                           with (Lua, igraph, cJSON, libxml2), and exit\n"
"  -h, --help               print this help and exit\n"
"\n"
"Exit status: 0 success, 1 plugin or script failure (including a breached limit), 2 usage\n"
"error, 3 bad input (a time that is not a date, too), 4 output could not be written, 70\n"
"internal error in igraph, 130 a second Ctrl-C at the prompt.\n"
"Environment: CPECGRAPH_PATH (extra plugin directories, colon-separated),\n"
"CPECGRAPH_DATADIR (bundled data and plugins).\n",
        CPG_DEFAULT_SEED, CPG_DEFAULT_TIMEOUT_SEC, CPG_DEFAULT_MEMORY_MB);
}

static void usage_error(const char *fmt, const char *what)
{
    fprintf(stderr, "cpecgraph: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nTry 'cpecgraph --help' for more information.\n");
}

/* A number from 0 to MAX, as --timeout and --memory-limit take. */
static bool parse_amount(const char *text, const char *option, double max, double *value)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno || end == text || *end || !isfinite(v) || v < 0 || v > max) {
        fprintf(stderr, "cpecgraph: %s: '%s' is not a number from 0 to %g\n", option, text, max);
        fprintf(stderr, "Try 'cpecgraph --help' for more information.\n");
        return false;
    }
    *value = v;
    return true;
}

static bool parse_seed(const char *text, uint64_t *seed)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-') {
        usage_error("--seed: '%s' is not a non-negative integer", text);
        return false;
    }
    *seed = v;
    return true;
}

/* --since and --until: the start of DATE's interval, or its end (just past an instant, so that
 * the window holds it). */
static bool parse_date(cpg_options *o, const char *text, bool until)
{
    cpg_interval iv;
    const char *why;
    if (!cpg_time_parse(text, strlen(text), &iv, &why)) {
        fprintf(stderr, "cpecgraph: %s: '%s': %s\n", until ? "--until" : "--since", text, why);
        fprintf(stderr, "Try 'cpecgraph --help' for more information.\n");
        return false;
    }
    o->windowed = true;
    double end = iv.end > iv.start ? iv.end : nextafter(iv.end, INFINITY);
    if (until)
        o->until = text, o->window.span.end = end;
    else
        o->since = text, o->window.span.start = iv.start;
    return true;
}

static bool parse_on_conflict(cpg_options *o, const char *text)
{
    if (cpg_on_conflict_from_name(text, &o->on_conflict))
        return o->on_conflict_given = true;
    usage_error("--on-conflict: '%s' is none of last, first, error, list", text);
    return false;
}

static bool parse_undated(cpg_options *o, const char *text)
{
    if (strcmp(text, "keep") != 0 && strcmp(text, "drop") != 0) {
        usage_error("--undated: '%s' is neither keep nor drop", text);
        return false;
    }
    o->window.keep_undated = text[0] == 'k';
    o->undated_given = true;
    return true;
}

/* getopt's own messages would name argv[0], a build path; ours name the program. */
/* The long option closest to GIVEN ("--chek", "--formt=x"), or NULL. */
static const char *nearest_option(const char *given)
{
    char name[64];
    snprintf(name, sizeof name, "%.*s", (int)strcspn(given + 2, "="), given + 2);
    cpg_suggest s;
    cpg_suggest_init(&s, name);
    for (const struct option *opt = long_options; opt->name; opt++)
        cpg_suggest_consider(&s, opt->name);
    return s.best;
}

static void report_bad_option(int c, char **argv)
{
    const char *given = argv[optind - 1];
    const char *near = strncmp(given, "--", 2) == 0 ? nearest_option(given) : NULL;
    if (c == ':')
        fprintf(stderr, "cpecgraph: option '%s' requires an argument\n", given);
    else if (optopt && strncmp(given, "--", 2) != 0)
        fprintf(stderr, "cpecgraph: invalid option '-%c'\n", optopt);
    else if (near)
        fprintf(stderr, "cpecgraph: unrecognized option '%s' (did you mean '--%s'?)\n", given,
                near);
    else
        fprintf(stderr, "cpecgraph: unrecognized option '%s'\n", given);
    fprintf(stderr, "Try 'cpecgraph --help' for more information.\n");
}

/* [PLUGIN.]KEY=VALUE with a non-empty KEY (and PLUGIN, when there is a dot). */
static bool valid_plugin_arg(const char *arg)
{
    const char *eq = strchr(arg, '=');
    if (!eq || eq == arg || eq[-1] == '.')
        return false;
    return arg[0] != '.';
}
static bool parse_format(const char *text, cpg_format *format)
{
    if (cpg_format_from_name(text, format))
        return true;
    cpg_suggest s;
    cpg_suggest_init(&s, text);
    for (cpg_format f = CPG_FORMAT_AUTO; cpg_format_name(f); f++)
        cpg_suggest_consider(&s, cpg_format_name(f));
    fprintf(stderr, "cpecgraph: --format: unknown format '%s'", text);
    if (strcmp(text, "json") == 0)  /* JSON is a family: its members are told by their keys */
        fprintf(stderr, " (a JSON document is told by its keys: leave --format out, or give "
                        "node-link, jgf, cytoscape or stix)");
    else if (s.best)
        fprintf(stderr, " (did you mean '%s'?)", s.best);
    fprintf(stderr, "; the formats:");
    for (cpg_format f = CPG_FORMAT_AUTO; cpg_format_name(f); f++)
        fprintf(stderr, " %s", cpg_format_name(f));
    fprintf(stderr, "\nTry 'cpecgraph --help' for more information.\n");
    return false;
}

static bool handle_option(cpg_options *o, int c, const char *arg)
{
    switch (c) {
    case 'p': o->plugins[o->plugin_count++] = arg; return true;
    case 'a':
        if (!valid_plugin_arg(arg)) {
            usage_error("--arg: '%s' is not [PLUGIN.]KEY=VALUE", arg);
            return false;
        }
        o->args[o->arg_count++] = arg;
        return true;
    case 'e': o->evals[o->eval_count++] = arg; return true;
    case 'i': o->interactive = true; return true;
    case 'o': o->output = arg; return true;
    case OPT_LIST_PLUGINS: o->list_plugins = true; return true;
    case OPT_PLUGIN_HELP: o->plugin_help = arg; return true;
    case OPT_CHECK: o->check = true; return true;
    case OPT_FORMAT: return parse_format(arg, &o->format);
    case 'O':
        if (!strchr(arg, '=') || arg[0] == '=') {
            usage_error("--format-option: '%s' is not KEY=VALUE", arg);
            return false;
        }
        o->settings[o->setting_count++] = arg;
        return true;
    case OPT_SEED: return parse_seed(arg, &o->seed);
    case OPT_TIMEOUT: return parse_amount(arg, "--timeout", CPG_MAX_TIMEOUT_SEC, &o->timeout_sec);
    case OPT_MEMORY: return parse_amount(arg, "--memory-limit", CPG_MAX_MEMORY_MB, &o->memory_mb);
    case OPT_UNSAFE: o->unsafe = true; return true;
    case OPT_SINCE: return parse_date(o, arg, false);
    case OPT_UNTIL: return parse_date(o, arg, true);
    case OPT_UNDATED: return parse_undated(o, arg);
    case OPT_DROP_ISOLATED: o->window.drop_isolated = true; return true;
    case OPT_ON_CONFLICT: return parse_on_conflict(o, arg);
    case OPT_NAME: o->name = arg; return true;
    case OPT_DEDUPE: o->dedupe = true; return true;
    case OPT_MERGE_ALIASES: o->merge_aliases = true; return true;
    case OPT_RESOLVE: o->resolve = arg; return true;
    case 'q': o->verbosity = -1; return true;
    case 'v': o->verbosity = 1; return true;
    case 'V': o->version = true; return true;
    case 'h': o->help = true; return true;
    default:
        return false;
    }
}

/* "centrality" for "plugins/centrality.lua": the name -a NAME.KEY=VALUE uses for a plugin. */
static bool names_plugin(const char *given, const char *name, size_t len)
{
    const char *base = strrchr(given, '/');
    base = base ? base + 1 : given;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".lua") == 0)
        n -= 4;
    return (n == len && strncmp(base, name, len) == 0) ||
           (strlen(given) == len && strncmp(given, name, len) == 0);
}

/* -a PLUGIN.KEY=VALUE must name a plugin being run: checked before anything runs. */
static bool check_addressed_args(const cpg_options *o)
{
    for (int i = 0; i < o->arg_count; i++) {
        const char *item = o->args[i], *eq = strchr(item, '='), *dot = NULL;
        for (const char *p = item; p < eq; p++)
            if (*p == '.')
                dot = p;
        bool found = !dot;
        for (int k = 0; k < o->plugin_count && !found; k++)
            found = names_plugin(o->plugins[k], item, (size_t)(dot - item));
        if (!found) {
            fprintf(stderr, "cpecgraph: --arg %.*s: no plugin '%.*s' is run (-p)\n",
                    (int)(eq - item), item, (int)(dot - item), item);
            return false;
        }
    }
    return true;
}

/* Options that cannot go together, refused before anything runs. */
static bool check_combination(const cpg_options *o)
{
    bool code = o->plugin_count || o->eval_count || o->interactive;
    const char *clash = (o->list_plugins || o->plugin_help) && (code || o->check)
                            ? "--list-plugins and --plugin-help run alone"
                        : o->check && code ? "--check only validates: it runs no plugin or code"
                        : o->arg_count && !code ? "--arg needs a plugin, -e or -i to take it"
                        : o->window.span.start >= o->window.span.end
                            ? "--since is not before --until: the window is empty"
                        : !o->windowed && (o->window.drop_isolated || o->undated_given)
                            ? "--drop-isolated and --undated need a window (--since or --until)"
                                                : NULL;
    for (int i = 0; !clash && o->interactive && i < o->file_count; i++)
        if (strcmp(o->files[i], "-") == 0)
            clash = "-i reads the prompt from standard input: the graph cannot come from '-'";
    if (clash) {
        fprintf(stderr, "cpecgraph: %s\nTry 'cpecgraph --help' for more information.\n", clash);
        return false;
    }
    return check_addressed_args(o);
}

bool cpg_options_parse(cpg_options *o, int argc, char **argv)
{
    memset(o, 0, sizeof *o);
    o->seed = CPG_DEFAULT_SEED;
    o->timeout_sec = CPG_DEFAULT_TIMEOUT_SEC;
    o->memory_mb = CPG_DEFAULT_MEMORY_MB;
    o->window = (cpg_window){{-INFINITY, INFINITY}, true, false};
    size_t slots = (size_t)argc + 1;
    o->files = calloc(slots, sizeof *o->files);
    o->plugins = calloc(slots, sizeof *o->plugins);
    o->args = calloc(slots, sizeof *o->args);
    o->evals = calloc(slots, sizeof *o->evals);
    o->settings = calloc(slots, sizeof *o->settings);
    if (!o->files || !o->plugins || !o->args || !o->evals || !o->settings) {
        fprintf(stderr, "cpecgraph: out of memory\n");
        return false;
    }
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, ":p:a:e:io:O:qvVh", long_options, NULL)) != -1) {
        if (c == '?' || c == ':') {
            report_bad_option(c, argv);
            return false;
        }
        if (!handle_option(o, c, optarg))
            return false;
    }
    for (int i = optind; i < argc; i++)
        o->files[o->file_count++] = argv[i];
    return check_combination(o);
}

void cpg_options_free(cpg_options *o)
{
    free(o->files);
    free(o->plugins);
    free(o->args);
    free(o->evals);
    free(o->settings);
}
