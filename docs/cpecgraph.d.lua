---@meta cpecgraph
-- cpecgraph.d.lua: LuaCATS definitions of the Lua API that cpecgraph gives plugins, -e code and
-- the -i prompt, for lua-language-server (completion, hover documentation, type checks). It is a
-- definition file: nothing here runs. Point `workspace.library` at it (docs/lua-api.md, "Editor
-- support"). The reference is docs/lua-api.md; tests/docs/test_examples.py checks that every
-- method the program exposes is named here.

-- ---- values --------------------------------------------------------------------------------

---A node id: text, or an integer (kept as its decimal text: `7` is the id `"7"`).
---@alias cpecgraph.Id string|integer

---A node named by its id or by its handle (a handle of the same graph).
---@alias cpecgraph.NodeRef string|integer|cpecgraph.Node

---Which edges to follow in a directed graph: out of a node, into it, or both (direction ignored).
---@alias cpecgraph.Mode "out"|"in"|"all"

---A JSON value as Lua sees it: JSON null is `cpecgraph.null`, arrays are lists, objects are tables
---with string keys. Numbers written as integers are Lua integers.
---@alias cpecgraph.Value string|number|integer|boolean|lightuserdata|table

---Attribute values that every node must have (nested values compare as JSON; `id` compares with
---the node id), or a predicate that keeps the nodes it returns true for.
---@alias cpecgraph.NodeFilter table<string, cpecgraph.Value>|fun(node: cpecgraph.Node): boolean?

---Attribute values that every edge must have (`source` and `target` compare with the ids of the
---ends and also accept nodes), or a predicate that keeps the edges it returns true for.
---@alias cpecgraph.EdgeFilter table<string, cpecgraph.Value|cpecgraph.Node>|fun(edge: cpecgraph.Edge): boolean?

---A measure's result: node id -> value.
---@alias cpecgraph.Values table<string, number>

---A whole-number measure's result (degree, coreness): node id -> integer.
---@alias cpecgraph.Counts table<string, integer>

-- ---- the cpecgraph module ------------------------------------------------------------------

---The cpecgraph module: a global, also `require "cpecgraph"`.
---@class cpecgraph
---The value of JSON `null` in attributes (a light userdata): `n.note == cpecgraph.null`.
---@field null lightuserdata
cpecgraph = {}

---A new empty graph (undirected unless `directed = true`).
---```lua
---local g = cpecgraph.graph{directed = true}
---```
---@param opts? {directed?: boolean}
---@return cpecgraph.Graph
function cpecgraph.graph(opts) end

---The JSON text of a Lua value, with the rules of attributes: no functions, no NaN, valid UTF-8,
---a table is a list or an object (not both), empty tables are objects unless marked with
---`cpecgraph.array`, keys in sorted order.
---@param value cpecgraph.Value
---@param pretty? boolean indent the text
---@return string json
function cpecgraph.to_json(value, pretty) end

---The value of JSON text, or nil and `"LINE:COL: message"`. JSON null is `cpecgraph.null`.
---@param text string
---@return cpecgraph.Value? value
---@return string? error
function cpecgraph.from_json(text) end

---`t` (or a new table) marked as a JSON array: stored empty, it is `[]`, not `{}`. An empty
---array read from a file comes marked.
---```lua
---node.sources = cpecgraph.array()
---```
---@generic T: table
---@param t? T
---@return T
function cpecgraph.array(t) end

---The interval an ISO 8601 date (full or partial) or a whole year names, in seconds since 1970
---UTC; nil and the reason for anything else.
---```lua
---local start, stop = cpecgraph.time("2015-07")
---```
---@param date string|integer
---@return number? start
---@return number|string end_or_why
function cpecgraph.time(date) end

---A line on stderr, formatted as `string.format` formats; `--quiet` silences it.
---@param fmt string
---@param ... any
function cpecgraph.log(fmt, ...) end

---Raises an error that blames the user's arguments rather than the plugin: cpecgraph prints
---`cpecgraph: plugin 'NAME': MESSAGE` without a position and exits with status 2. Never returns.
---@param message string
function cpecgraph.usage(message) end

---Writing text fast: escapes for the formats writers produce, and a buffer that fills templates
---over whole columns (docs/lua-api.md, "cpecgraph.text").
---@class cpecgraph.textlib
cpecgraph.text = {}

---XML character data: `&`, `<` and `>` escaped; characters XML forbids become U+FFFD.
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.xml(value) end

---An XML attribute value: also quotes, tabs and line breaks escaped (as references).
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.xml_attr(value) end

---Text for HTML (and Graphviz's HTML-like labels): `& < > " '` escaped.
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.html(value) end

---A DOT double-quoted string, quotes included: backslashes and quotes escaped, line breaks `\n`.
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.dot(value) end

---A JSON value: strings quoted and escaped, numbers exact, tables as JSON.
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.json(value) end

---A CSV field, quoted when it holds a comma, a quote or a line break; nil and null are empty.
---A text that begins with = + - @, a tab or a carriage return gets a leading `'`, so that a
---spreadsheet shows it instead of running it as a formula (numbers never do).
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.csv(value) end

---A CSV field as `text.csv` writes it, but text as it is: no guard against formulas.
---@param value cpecgraph.Value?
---@return string
function cpecgraph.text.csv_raw(value) end

---The shortest text that reads back as `x` exactly (`3.0` for a whole float, `7` for an integer).
---@param x number
---@return string
function cpecgraph.text.number(x) end

---`s` case-folded as Unicode folds it: `"ZÜRICH"` and `"zürich"` fold alike.
---@param s string
---@return string
function cpecgraph.text.fold(s) end

---A new buffer; with `write` (say `io.write`) it writes itself out in pieces as it fills.
---```lua
---local out = cpecgraph.text.buffer(io.write)
---out:rows('<node id="%a"%{ label="%a"%}/>\n', graph:node_count(), graph:ids(),
---         graph:column("label", "nodes")):flush()
---```
---@param write? fun(text: string)
---@return cpecgraph.TextBuffer
function cpecgraph.text.buffer(write) end

---A text buffer: each method appends and returns the buffer. `tostring(buf)` is its text, `#buf`
---its length.
---@class cpecgraph.TextBuffer
local TextBuffer = {}

---Appends the arguments as they are (numbers as `text.number` writes them).
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:add(...) end

---Appends the arguments as XML text.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:xml(...) end

---Appends the arguments as XML attribute values.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:xml_attr(...) end

---Appends the arguments as HTML.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:html(...) end

---Appends the arguments as DOT strings.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:dot(...) end

---Appends the arguments as JSON values.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:json(...) end

---Appends the arguments as CSV fields (not separated: add the commas), guarded against
---formulas as `cpecgraph.text.csv` is.
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:csv(...) end

---Appends the arguments as CSV fields, text as it is (`cpecgraph.text.csv_raw`).
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:csv_raw(...) end

---Appends `template` with each directive replaced by the next argument: `%s` as it is, `%x` XML
---text, `%a` XML attribute, `%h` HTML, `%q` DOT string, `%j` JSON, `%c` CSV field, `%C` CSV
---field as it is, `%%` a percent sign. `%{...%}` is written only when none of its values is nil or null, `%[...%]` only
---when none is nil.
---@param template string
---@param ... cpecgraph.Value
---@return cpecgraph.TextBuffer
function TextBuffer:format(template, ...) end

---`template` once for each row `i` from 1 to `n`: a table argument gives its `i`-th element (a
---column), any other argument itself.
---@param template string
---@param n integer
---@param ... cpecgraph.Value|cpecgraph.Value[]
---@return cpecgraph.TextBuffer
function TextBuffer:rows(template, n, ...) end

---Writes what the buffer holds through its `write` function and empties it.
---@return cpecgraph.TextBuffer
function TextBuffer:flush() end

-- ---- graphs --------------------------------------------------------------------------------

---A graph: the global `graph`, or one made by `subgraph`, `ego`, `copy` or `cpecgraph.graph`.
---Its fields are read-only; graph attributes live in `attrs`.
---@class cpecgraph.Graph
---@field directed boolean true for a directed graph
---@field multigraph boolean the file's "multigraph" flag (parallel edges are always allowed)
---@field attrs cpecgraph.Attrs the graph attributes ("graph" in the file), readable and writable
local Graph = {}

---The number of nodes.
---@return integer
function Graph:node_count() end

---The number of edges.
---@return integer
function Graph:edge_count() end

---The node with this id, or nil.
---@param id cpecgraph.Id
---@return cpecgraph.Node?
function Graph:node(id) end

---An iterator over the nodes (in file order) that pass the filter; `nodes()` and `nodes{}` give
---every node. Safe while nodes are removed.
---```lua
---for n in graph:nodes{type = "country"} do print(n.label) end
---```
---@param filter? cpecgraph.NodeFilter
---@return fun(): cpecgraph.Node?
function Graph:nodes(filter) end

---An iterator over the edges (in file order) that pass the filter. Safe while edges are removed.
---```lua
---for e in graph:edges{source = "wang_yi"} do print(e.type, e.target.label) end
---```
---@param filter? cpecgraph.EdgeFilter
---@return fun(): cpecgraph.Edge?
function Graph:edges(filter) end

---Adds a node: `id` (new, non-empty) and any attributes. Returns its handle.
---```lua
---graph:add_node{id = "gilgit", type = "city", label = "Gilgit"}
---```
---@param fields {id: cpecgraph.Id, [string]: cpecgraph.Value}
---@return cpecgraph.Node
function Graph:add_node(fields) end

---Adds an edge between two existing nodes, with any attributes. Returns its handle. Costs
---O(V + E): build large graphs in a file.
---@param fields {source: cpecgraph.NodeRef, target: cpecgraph.NodeRef, [string]: cpecgraph.Value}
---@return cpecgraph.Edge
function Graph:add_edge(fields) end

---Removes the nodes (ids or nodes) and their edges; an unknown id is an error. Returns how many
---nodes went.
---@param nodes cpecgraph.NodeRef[]
---@return integer removed
function Graph:remove_nodes(nodes) end

---Removes the edges (handles of this graph). Returns how many went.
---@param edges cpecgraph.Edge[]
---@return integer removed
function Graph:remove_edges(edges) end

---A new, independent graph: the nodes given and the edges among them, attributes copied. A list
---of ids or nodes, an attribute filter or a predicate; an empty table is an empty list.
---@param nodes cpecgraph.NodeRef[]|table<string, cpecgraph.Value>
---@return cpecgraph.Graph
---@overload fun(self: cpecgraph.Graph, predicate: fun(node: cpecgraph.Node): boolean?): cpecgraph.Graph
function Graph:subgraph(nodes) end

---A new graph: the nodes within `radius` steps of `center` (following `mode`) and the edges
---among them.
---@param center cpecgraph.NodeRef
---@param radius? integer steps, 0 or more (default 1)
---@param mode? cpecgraph.Mode default "all"
---@return cpecgraph.Graph
function Graph:ego(center, radius, mode) end

---An independent copy of the graph with all its attributes.
---@return cpecgraph.Graph
function Graph:copy() end

---A new graph: the edges given (handles, an attribute filter or a predicate) and the nodes they
---join, every attribute copied; with `all_nodes = true` every node is kept.
---@param edges cpecgraph.Edge[]|table<string, cpecgraph.Value|cpecgraph.Node>|fun(edge: cpecgraph.Edge): boolean?
---@param opts? {all_nodes?: boolean}
---@return cpecgraph.Graph
function Graph:subgraph_edges(edges, opts) end

---@class cpecgraph.WindowOptions
---@field undated? "keep"|"drop" the edges without a time (default "keep")
---@field drop_isolated? boolean keep only the nodes a kept edge touches (default false)

---A new graph: the edges whose time meets the window from since's beginning to until's end
---(nil: open), as --since and --until keep them.
---```lua
---local g2015 = graph:window("2015", "2015", {undated = "drop"})
---```
---@param since? string|integer an ISO 8601 date, full or partial, or a year
---@param until_? string|integer
---@param opts? cpecgraph.WindowOptions
---@return cpecgraph.Graph
function Graph:window(since, until_, opts) end

---The files loaded into the graph, in order, names as given on the command line.
---@return string[]
function Graph:sources() end

---@class cpecgraph.MergeOptions
---@field on_conflict? "first"|"last"|"list"|"error" what the others' contradicting values do (default "first": dropped)

---Merges the nodes of LIST (ids or nodes) into the first: their labels and aliases join its
---aliases, their sources and edges become its own, their other values join by on_conflict.
---Returns the node kept and the notes of what the merge settled.
---```lua
---local n, notes = graph:merge_nodes({"us", "usa"})
---```
---@param list (string|cpecgraph.Node)[]
---@param opts? cpecgraph.MergeOptions
---@return cpecgraph.Node node
---@return string[] notes
function Graph:merge_nodes(list, opts) end

-- ---- columns: whole attributes at once, in graph order --------------------------------------

---A column's description, as `graph:columns` lists it.
---@class cpecgraph.ColumnInfo
---@field name string the attribute name
---@field type "boolean"|"integer"|"float"|"string"|"json"|"mixed" what the column holds
---@field count integer how many elements have the attribute

---@alias cpecgraph.Domain "nodes"|"edges"

---The values of attribute `name` of every node (or edge) in graph order, `default` where an
---element lacks it, and the number of elements. Without a domain, the one that has the name.
---```lua
---local labels, n = graph:column("label", "nodes")
---for i = 1, n do print(labels[i]) end
---```
---@param name string
---@param domain? cpecgraph.Domain
---@param default? cpecgraph.Value
---@return cpecgraph.Value[] values
---@return integer count
function Graph:column(name, domain, default) end

---Stores `values[i]` as attribute `name` of the i-th node (or edge); nil removes it. All values
---are checked before any is stored.
---@param name string
---@param domain cpecgraph.Domain
---@param values table<integer, cpecgraph.Value>
function Graph:set_column(name, domain, values) end

---The attribute columns of the nodes (default) or the edges, in column order.
---@param domain? cpecgraph.Domain
---@return cpecgraph.ColumnInfo[]
function Graph:columns(domain) end

---The node ids in graph order.
---@return string[]
function Graph:ids() end

---For every edge in graph order, the positions of its ends (as written in the file).
---@return integer[] sources
---@return integer[] targets
function Graph:ends() end

---For every node, the positions of its neighbours along `mode`, one entry per edge.
---@param mode? cpecgraph.Mode default "all"
---@return integer[][]
function Graph:adjacency(mode) end

---The node at position `i` (1-based, graph order), or nil.
---@param i integer
---@return cpecgraph.Node?
function Graph:node_at(i) end

---The edge at position `i` (1-based, graph order), or nil.
---@param i integer
---@return cpecgraph.Edge?
function Graph:edge_at(i) end

-- ---- measures: each returns node id -> value -----------------------------------------------

---@class cpecgraph.DegreeOptions
---@field mode? cpecgraph.Mode default "all"
---@field loops? boolean count self-loops (default true; twice with mode "all")
---@field normalized? boolean divide by n-1 (default false)

---@class cpecgraph.StrengthOptions
---@field weights? string numeric edge attribute (default: every edge weighs 1)
---@field mode? cpecgraph.Mode default "all"
---@field loops? boolean count self-loops (default true)
---@field normalized? boolean divide by n-1 (default false)

---@class cpecgraph.BetweennessOptions
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode "all" ignores direction; "out" and "in" follow it (default)
---@field normalized? boolean divide by the number of pairs, as NetworkX (default false)

---@class cpecgraph.ClosenessOptions
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode default "out" (NetworkX uses "in")
---@field normalized? boolean Wasserman-Faust, as NetworkX (default false)

---@class cpecgraph.HarmonicOptions
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode default "out" (NetworkX uses "in")
---@field normalized? boolean divide by n-1 (default false)

---@class cpecgraph.EigenvectorOptions
---@field weights? string numeric edge attribute
---@field mode? cpecgraph.Mode "all" ignores direction; otherwise central nodes point to the node
---@field normalized? boolean unit Euclidean length, as NetworkX (default: the largest is 1)

---@class cpecgraph.PagerankOptions
---@field damping? number between 0 and 1 (default 0.85)
---@field personalization? table<string, number> node id -> restart weight (0 or more)
---@field weights? string numeric edge attribute, 0 or more
---@field mode? cpecgraph.Mode "all" ignores direction; otherwise edges are followed (default)
---@field normalized? boolean accepted, changes nothing: PageRank always sums to 1

---@class cpecgraph.HitsOptions
---@field weights? string numeric edge attribute, 0 or more
---@field normalized? boolean scores sum to 1, as NetworkX (default: the largest is 1)

---@class cpecgraph.CorenessOptions
---@field mode? cpecgraph.Mode default "all"

---@class cpecgraph.DensityOptions
---@field loops? boolean default false: whether a node may be tied to itself

---@class cpecgraph.ClusteringOptions
---@field average? boolean default false: the mean over every node instead

---@class cpecgraph.EccentricityOptions
---@field mode? cpecgraph.Mode default "out"

---@class cpecgraph.EdgeBetweennessOptions
---@field weights? string numeric edge attribute used as lengths
---@field normalized? boolean default false: divide by n (n - 1), halved when undirected

---@class cpecgraph.AssortativityOptions
---@field attribute? string node attribute whose values are compared (nominal)

---@class cpecgraph.EdgesBetweenOptions
---@field mode? cpecgraph.Mode default "out"

---@class cpecgraph.KCoreOptions
---@field mode? cpecgraph.Mode default "all"

---@class cpecgraph.SimplePathsOptions
---@field cutoff? integer at most this many hops (default: any)
---@field mode? cpecgraph.Mode default "out"

---Number of incident edges of every node.
---```lua
---print(graph:degree{mode = "in"}.pakistan)
---```
---@param opts? cpecgraph.DegreeOptions
---@return cpecgraph.Values
function Graph:degree(opts) end

---Sum of incident edge weights of every node.
---@param opts? cpecgraph.StrengthOptions
---@return cpecgraph.Values
function Graph:strength(opts) end

---Shortest paths through every node (each unordered pair once in undirected graphs).
---@param opts? cpecgraph.BetweennessOptions
---@return cpecgraph.Values
function Graph:betweenness(opts) end

---1 / (sum of distances to the nodes reached); 0 for a node that reaches none.
---@param opts? cpecgraph.ClosenessOptions
---@return cpecgraph.Values
function Graph:closeness(opts) end

---Sum of 1/distance to the other nodes.
---@param opts? cpecgraph.HarmonicOptions
---@return cpecgraph.Values
function Graph:harmonic(opts) end

---Eigenvector centrality, the largest 1 (unless normalized).
---@param opts? cpecgraph.EigenvectorOptions
---@return cpecgraph.Values
function Graph:eigenvector(opts) end

---PageRank (PRPACK); sums to 1.
---```lua
---local pr = graph:pagerank{damping = 0.9, personalization = {pakistan = 1}}
---```
---@param opts? cpecgraph.PagerankOptions
---@return cpecgraph.Values
function Graph:pagerank(opts) end

---HITS hub scores, the largest 1 (unless normalized).
---@param opts? cpecgraph.HitsOptions
---@return cpecgraph.Values
function Graph:hubs(opts) end

---HITS authority scores, the largest 1 (unless normalized).
---@param opts? cpecgraph.HitsOptions
---@return cpecgraph.Values
function Graph:authorities(opts) end

---The k of the highest k-core that holds each node.
---@param opts? cpecgraph.CorenessOptions
---@return cpecgraph.Counts
function Graph:coreness(opts) end

-- ---- structure ---------------------------------------------------------------------------

---m / (n (n - 1)), halved when undirected: NetworkX's density (parallel edges count).
---@param opts? cpecgraph.DensityOptions
---@return number
function Graph:density(opts) end

---The share of edges whose reverse is an edge too (NetworkX's overall reciprocity).
---@return number
function Graph:reciprocity() end

---3 x triangles / connected triples, the graph as undirected and simple.
---@return number
function Graph:transitivity() end

---Local clustering coefficients (0 below two neighbours), or with average = true their mean.
---@param opts? cpecgraph.ClusteringOptions
---@return cpecgraph.Values|number
function Graph:clustering(opts) end

---Hops to the farthest node; raises when some node cannot reach every other.
---@param opts? cpecgraph.EccentricityOptions
---@return cpecgraph.Counts
function Graph:eccentricity(opts) end

---The largest eccentricity.
---@param opts? cpecgraph.EccentricityOptions
---@return integer
function Graph:diameter(opts) end

---The smallest eccentricity.
---@param opts? cpecgraph.EccentricityOptions
---@return integer
function Graph:radius(opts) end

---The edges whose removal disconnects their ends (directions ignored; parallel edges never).
---@return cpecgraph.Edge[]
function Graph:bridges() end

---The ids of the nodes whose removal disconnects the others (directions ignored).
---@return string[]
function Graph:articulation_points() end

---The betweenness of each edge, a list in edge order.
---@param opts? cpecgraph.EdgeBetweennessOptions
---@return number[]
function Graph:edge_betweenness(opts) end

---Degree assortativity, or nominal assortativity of an attribute's values.
---@param opts? cpecgraph.AssortativityOptions
---@return number
function Graph:assortativity(opts) end

---The edges from a to b (either way with mode "all").
---@param a string|cpecgraph.Node
---@param b string|cpecgraph.Node
---@param opts? cpecgraph.EdgesBetweenOptions
---@return cpecgraph.Edge[]
function Graph:edges_between(a, b, opts) end

---Every path from a to b that visits no node twice.
---@param a string|cpecgraph.Node
---@param b string|cpecgraph.Node
---@param opts? cpecgraph.SimplePathsOptions
---@return string[][]
function Graph:simple_paths(a, b, opts) end

---A new graph: the nodes of coreness k or more and the edges among them.
---@param k integer
---@param opts? cpecgraph.KCoreOptions
---@return cpecgraph.Graph
function Graph:k_core(k, opts) end

---The maximal groups of nodes that no single node's removal disconnects, largest first.
---@return string[][]
function Graph:biconnected_components() end

-- ---- groups and paths ----------------------------------------------------------------------

---@alias cpecgraph.CommunityMethod "louvain"|"multilevel"|"leiden"|"label_propagation"|"walktrap"|"infomap"

---Options of `communities`; an option the method does not take is an error.
---@class cpecgraph.CommunityOptions
---@field method? cpecgraph.CommunityMethod default "louvain"
---@field weights? string numeric edge attribute, 0 or more
---@field resolution? number louvain and leiden (default 1; higher gives smaller communities)
---@field steps? integer walktrap's random-walk length (default 4)
---@field trials? integer infomap's attempts (default 10)
---@field beta? number leiden's randomness (default 0.01)
---@field iterations? integer leiden's iterations (default -1: until stable)

---Communities, numbered by size from 1 (largest first).
---@class cpecgraph.Communities
---@field membership table<string, integer> node id -> community number
---@field groups string[][] the ids of each community, `groups[i]` for community i
---@field count integer number of communities
---@field modularity number modularity of the partition (graph taken as undirected)
---@field method string the method used

---Community detection; the same --seed gives the same result.
---```lua
---local c = graph:communities{method = "leiden"}
---print(c.count, c.modularity)
---```
---@param opts? cpecgraph.CommunityOptions
---@return cpecgraph.Communities
function Graph:communities(opts) end

---The connected components as lists of ids, largest first.
---@param mode? "weak"|"strong" default "weak" (directions ignored)
---@return string[][]
function Graph:components(mode) end

---@class cpecgraph.PathOptions
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode default "out"

---@class cpecgraph.PathsOptions
---@field k? integer the k shortest paths (Yen); 0 or absent: every shortest path
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode default "out"

---One path: the node ids along it and the edges between them.
---@class cpecgraph.Path
---@field nodes string[]
---@field edges cpecgraph.Edge[]

---One shortest path: the ids and the edges along it, or nil when `to` cannot be reached.
---```lua
---local ids, edges = graph:shortest_path("wang_yi", "gwadar", {mode = "all"})
---```
---@param from cpecgraph.NodeRef
---@param to cpecgraph.NodeRef
---@param opts? cpecgraph.PathOptions
---@return string[]? ids
---@return cpecgraph.Edge[]? edges
function Graph:shortest_path(from, to, opts) end

---Every shortest path, or the k shortest, shortest first (empty when there is none).
---@param from cpecgraph.NodeRef
---@param to cpecgraph.NodeRef
---@param opts? cpecgraph.PathsOptions
---@return cpecgraph.Path[]
function Graph:shortest_paths(from, to, opts) end

---Every shortest path as a list of ids, each once, in the order of the nodes' indices.
---```lua
---for _, p in ipairs(graph:all_shortest_paths("wang_yi", "gwadar", {mode = "all"})) do end
---```
---@param a cpecgraph.NodeRef
---@param b cpecgraph.NodeRef
---@param opts? cpecgraph.PathOptions
---@return string[][]
function Graph:all_shortest_paths(a, b, opts) end

---@class cpecgraph.DistancesOptions
---@field from? cpecgraph.NodeRef|cpecgraph.NodeRef[] rows (default: every node)
---@field to? cpecgraph.NodeRef|cpecgraph.NodeRef[] columns (default: every node)
---@field weights? string numeric edge attribute, 0 or more, used as lengths
---@field mode? cpecgraph.Mode default "out"
---@field matrix? boolean default false: a list of rows, math.huge where no path is

---Shortest-path lengths: from-id -> to-id -> distance (unreachable pairs left out), or rows.
---```lua
---print(graph:distances{from = "wang_yi", mode = "all"}.wang_yi.gwadar)
---```
---@param opts? cpecgraph.DistancesOptions
---@return table<string, table<string, number>>|number[][]
function Graph:distances(opts) end

---@class cpecgraph.DominatorOptions
---@field mode? "out"|"in" default "out"; "in": paths into the root (post-dominators)

---id -> the id of its immediate dominator, for the nodes the root reaches (the root: itself).
---@param root cpecgraph.NodeRef
---@param opts? cpecgraph.DominatorOptions
---@return table<string, string>
function Graph:dominator_tree(root, opts) end

---@class cpecgraph.FlowOptions
---@field capacity? string numeric edge attribute, 0 or more (default: 1 per edge)

---The largest flow from a to b, and the flow on each edge in edge order.
---@param a cpecgraph.NodeRef
---@param b cpecgraph.NodeRef
---@param opts? cpecgraph.FlowOptions
---@return number value
---@return number[] flows
function Graph:max_flow(a, b, opts) end

---A smallest cut between a and b: its value, its edges and the ids on a's side.
---@param a cpecgraph.NodeRef
---@param b cpecgraph.NodeRef
---@param opts? cpecgraph.FlowOptions
---@return number value
---@return cpecgraph.Edge[] cut
---@return string[] side
function Graph:min_cut(a, b, opts) end

-- ---- cliques, triads and similarity --------------------------------------------------------

---@class cpecgraph.CliqueOptions
---@field min? integer at least this many nodes (default 0: no bound)
---@field max? integer at most this many nodes (default 0: no bound)

---Every complete subgraph, largest first, directions ignored.
---@param opts? cpecgraph.CliqueOptions
---@return string[][]
function Graph:cliques(opts) end

---The maximal cliques, largest first, directions ignored.
---```lua
---print(#graph:max_cliques{min = 3})
---```
---@param opts? cpecgraph.CliqueOptions
---@return string[][]
function Graph:max_cliques(opts) end

---How many triples of nodes are joined in each of the 16 ways ("003" ... "300"); directed only.
---@return table<string, integer>
function Graph:triad_census() end

---@alias cpecgraph.SimilarityMethod "jaccard"|"dice"|"adamic_adar"

---@class cpecgraph.SimilarityOptions
---@field method? cpecgraph.SimilarityMethod default "jaccard"
---@field pairs? cpecgraph.NodeRef[][] pairs to score, in order (default: unjoined pairs sharing a neighbour)
---@field top? integer keep the first top (default 0: all)

---Scores of pairs of nodes by their shared neighbours: a list of {a, b, score}.
---```lua
---for _, s in ipairs(graph:similarity{method = "adamic_adar", top = 3}) do
---  print(s[1], s[2], s[3])
---end
---```
---@param opts? cpecgraph.SimilarityOptions
---@return [string, string, number][]
function Graph:similarity(opts) end

---A new undirected graph of the nodes whose attribute is value, joined through the nodes they
---share; each edge holds `weight` (how many) and `via` (their ids).
---@param attribute string
---@param value cpecgraph.Value
---@return cpecgraph.Graph
function Graph:bipartite_projection(attribute, value) end

-- ---- nodes, edges, attributes --------------------------------------------------------------

---The attributes of a graph, node or edge: read, write (nil removes), `pairs` in file order.
---Values read are copies.
---@class cpecgraph.Attrs
---@field [string] cpecgraph.Value?

---A node handle: one per node, so handles compare with == and work as table keys. Any other
---field is an attribute (`n.label`, `n.type`); assigning one sets it, nil removes it.
---`pairs(n)` iterates over the attributes in file order.
---@class cpecgraph.Node
---@field id string the id (read-only)
---@field attrs cpecgraph.Attrs the attributes, also those named like a method (`n.attrs.degree`)
---@field graph cpecgraph.Graph the graph of the node
---@field [string] cpecgraph.Value?
local Node = {}

---Number of incident edges (self-loops count twice with "all").
---@param mode? cpecgraph.Mode default "all"
---@return integer
function Node:degree(mode) end

---The neighbour nodes, one entry per edge.
---@param mode? cpecgraph.Mode default "all"
---@return cpecgraph.Node[]
function Node:neighbors(mode) end

---The incident edges.
---@param mode? cpecgraph.Mode default "all"
---@return cpecgraph.Edge[]
function Node:edges(mode) end

---A new table of every attribute (changing it changes nothing in the graph).
---@return table<string, cpecgraph.Value>
function Node:attributes() end

---The node's position (1-based) in graph order: its index in `graph:column` arrays.
---@return integer
function Node:index() end

---The time of the node from its attributes (date, start/end, ..., spells), in seconds
---since 1970 UTC, open ends as -math.huge and math.huge; nil when it has none.
---@return number? start
---@return number? end_
function Node:time() end

---The files that declared the node, in the order they were loaded (empty for one a script
---made).
---@return string[]
function Node:sources() end

---An edge handle: one per edge. Any other field is an attribute (`e.type`, `e.evidence`).
---@class cpecgraph.Edge
---@field id integer identifies the edge for as long as it exists (read-only)
---@field source cpecgraph.Node the first end, as written in the file (read-only)
---@field target cpecgraph.Node the second end, as written in the file (read-only)
---@field attrs cpecgraph.Attrs the attributes
---@field graph cpecgraph.Graph the graph of the edge
---@field [string] cpecgraph.Value?
local Edge = {}

---A new table of every attribute (changing it changes nothing in the graph).
---@return table<string, cpecgraph.Value>
function Edge:attributes() end

---The edge's position (1-based) in graph order: its index in `graph:column` arrays.
---@return integer
function Edge:index() end

---The time of the edge from its attributes (date, start/end, ..., spells), in seconds
---since 1970 UTC, open ends as -math.huge and math.huge; nil when it has none.
---@return number? start
---@return number? end_
function Edge:time() end

---The files that stated the edge (empty for one a script made).
---@return string[]
function Edge:sources() end

-- ---- plugins -------------------------------------------------------------------------------

---@alias cpecgraph.ArgType "string"|"number"|"integer"|"boolean"|"list"

---The declaration of one plugin argument (`-a KEY=VALUE`).
---@class cpecgraph.ArgSpec
---@field type cpecgraph.ArgType the value is converted to it; a bad value is a usage error
---@field default? string|number|integer|boolean|string[] of the declared type (a list may be "a,b")
---@field choices? string[] the values allowed (for string, and for each item of a list)
---@field help? string one line for --plugin-help

---The arguments a plugin's `run` receives: declared names, values of their declared types
---(absent ones without a default are nil).
---@alias cpecgraph.Args table<string, string|number|integer|boolean|string[]>

---What a plugin file returns. Annotate it with `---@type cpecgraph.Plugin`.
---@class cpecgraph.Plugin
---@field name? string shown by --plugin-help (default: the file name)
---@field version? string
---@field description? string the first line is shown by --list-plugins
---@field usage? string example command lines for --plugin-help
---@field args? table<string, cpecgraph.ArgSpec>
---@field run fun(graph: cpecgraph.Graph, args: cpecgraph.Args): cpecgraph.Graph? a graph returned replaces `graph`

-- ---- globals -------------------------------------------------------------------------------

---The loaded graph (the files merged, or the bundled CPEC 2.0 graph), in plugins, -e code and
---the -i prompt. A plugin that returns a graph from `run` replaces it.
---@type cpecgraph.Graph
graph = nil

---The -a values as strings, for -e code, the prompt and plain scripts (files that return no
---plugin table): bare `-a KEY=VALUE` items, and for a plain script also `-a NAME.KEY=VALUE`.
---@type table<string, string>
args = nil

---At the -i prompt only: prints the signature, options and example of a function of
---cpecgraph (`help(graph.pagerank)`, `help("nodes")`, also typed as `?graph:nodes`), the
---methods of a graph, node or edge (`help(graph)`), or how to ask (`help()`).
---@param x? any
function help(x) end
