-- centrality.lua: rank the nodes of a graph by several centrality measures at once.
-- Copy it as the start of your own plugin: it declares its arguments, computes the measures on
-- the whole graph through the graph API, then prints a table, CSV or JSON.
local format = require "cpg.format"
local measures = require "cpg.measures"

local plugin = {
  name = "centrality",
  version = "1.0",
  description = "Rank the nodes by centrality measures (degree, betweenness, closeness, " ..
                "eigenvector, PageRank, ...), as a table, CSV or JSON.",
  usage = [[
  cpecgraph -p centrality                              # the bundled CPEC 2.0 graph
  cpecgraph -p centrality -a top=5 -a type=person my.json
  cpecgraph -p centrality -a measures=pagerank,hubs -a format=csv -o ranks.csv]],
  args = {
    measures = {type = "list", default = "degree,betweenness,closeness,eigenvector,pagerank",
                choices = measures.names,
                help = "measures to compute; the first one sorts the rows"},
    top = {type = "integer",
           help = "rows to print, best first (0 = all; by default 10 in the table, all in csv " ..
                  "and json)"},
    type = {type = "string", help = "rank only nodes of this type (measures use the whole graph)"},
    weights = {type = "string", help = "numeric edge attribute to use as weights"},
    mode = {type = "string", choices = {"out", "in", "all"},
            help = "direction for degree, closeness, harmonic...; \"all\" ignores direction"},
    normalized = {type = "boolean", default = true,
                  help = "normalise as NetworkX does (see docs/lua-api.md)"},
    format = {type = "string", default = "table", choices = {"table", "csv", "json"},
              help = "output format"},
    raw = format.raw_arg,
  },
}

-- Whether id A ranks before id B: by the measure's value (descending), ties broken by id.
local function ranks_before(values)
  return function(a, b)
    local x, y = values[a], values[b]
    if x ~= y then return x > y end
    return a < b
  end
end

-- The best LIMIT ids in order, from CANDIDATES (a list of ids) or, when it is nil, from every
-- id of VALUES: one pass keeping a sorted window, whose worst entry is held in locals, so that
-- the top ten of a million nodes costs one comparison for nearly every node, not a full sort.
local function best_of(candidates, values, limit, before)
  local best, n, worst, worst_value = {}, 0, nil, nil
  local function consider(id, v)
    if n == limit and (v < worst_value or (v == worst_value and id > worst)) then return end
    local i = n < limit and n + 1 or n
    n = i
    while i > 1 and before(id, best[i - 1]) do
      best[i] = best[i - 1]
      i = i - 1
    end
    best[i] = id
    worst, worst_value = best[n], values[best[n]]
  end
  if candidates then
    for _, id in ipairs(candidates) do consider(id, values[id]) end
  else
    for id, v in pairs(values) do consider(id, v) end
  end
  return best
end

-- The nodes to show, ranked by the first measure: all of them, or the top ones for a table.
local function ranked_nodes(graph, values, args)
  local first = values[args.measures[1]]
  local before = ranks_before(first)
  local ids
  if args.type then
    ids = {}
    for node in graph:nodes{type = args.type} do ids[#ids + 1] = node.id end
  end
  if args.top > 0 then
    ids = best_of(ids, first, args.top, before)
  else
    if not ids then
      ids = {}
      for id in pairs(first) do ids[#ids + 1] = id end
    end
    table.sort(ids, before)
  end
  local nodes = {}
  for i, id in ipairs(ids) do nodes[i] = graph:node(id) end
  return nodes
end

local function conventions(graph, args)
  local parts = {graph.directed and "directed" or "undirected",
                 args.normalized and "normalized" or "raw values"}
  if args.weights then parts[#parts + 1] = "weights=" .. args.weights end
  if args.mode then parts[#parts + 1] = "mode=" .. args.mode end
  return table.concat(parts, ", ")
end

local function print_table(graph, nodes, values, args)
  local name = graph.attrs.name
  print(string.format("%s: %d nodes, %d edges (%s)",
                      type(name) == "string" and name or "graph", graph:node_count(),
                      graph:edge_count(), conventions(graph, args)))
  local headers, right = {"rank", "label", "type"}, {true}
  for _, m in ipairs(args.measures) do
    headers[#headers + 1] = m
    right[#headers] = true
  end
  local rows = {}
  for i = 1, #nodes do
    local node = nodes[i]
    local row = {tostring(i), format.shorten(format.label(node), 40), format.kind(node)}
    for _, m in ipairs(args.measures) do row[#row + 1] = format.number(values[m][node.id]) end
    rows[#rows + 1] = row
  end
  print(format.table(headers, rows, right))
end

local function print_csv(nodes, values, args)
  local header = {"id", "label", "type"}
  for _, m in ipairs(args.measures) do header[#header + 1] = m end
  io.write(format.csv_row(header, args.raw))
  for _, node in ipairs(nodes) do
    local row = {node.id, format.label(node), format.kind(node)}
    -- numbers, every digit kept, are never taken for formulas
    for _, m in ipairs(args.measures) do row[#row + 1] = values[m][node.id] end
    io.write(format.csv_row(row, args.raw))
  end
end

local function print_json(graph, nodes, values, args)
  local out = {graph = graph.attrs.name or cpecgraph.null, measures = args.measures,
               directed = graph.directed, normalized = args.normalized, nodes = {}}
  for i, node in ipairs(nodes) do
    local entry = {id = node.id, label = format.label(node), type = format.kind(node)}
    for _, m in ipairs(args.measures) do entry[m] = values[m][node.id] end
    out.nodes[i] = entry
  end
  print(format.json(out))
end

-- Arguments the declarations cannot check: they depend on the graph.
local function check_args(graph, args)
  if #args.measures == 0 then cpecgraph.usage("argument 'measures': give at least one") end
  if args.top and args.top < 0 then cpecgraph.usage("argument 'top': must be 0 (all) or more") end
  measures.check_weights(graph, args.weights)
  if args.type and not graph:nodes{type = args.type}() then
    local types, seen = {}, {}
    for node in graph:nodes() do
      local t = format.kind(node)
      if t ~= "" and not seen[t] then seen[t] = true; types[#types + 1] = t end
    end
    table.sort(types)
    cpecgraph.usage(string.format("argument 'type': no node has type '%s' (types: %s)", args.type,
                                  #types > 0 and table.concat(types, ", ") or "none"))
  end
end

function plugin.run(graph, args)
  check_args(graph, args)
  args.top = args.top or (args.format == "table" and 10 or 0)
  local values = {}
  for _, m in ipairs(args.measures) do
    values[m] = measures.compute(graph, m, {weights = args.weights, mode = args.mode,
                                            normalized = args.normalized})
  end
  local nodes = ranked_nodes(graph, values, args)
  if args.format == "csv" then
    print_csv(nodes, values, args)
  elseif args.format == "json" then
    print_json(graph, nodes, values, args)
  else
    print_table(graph, nodes, values, args)
  end
end

return plugin
