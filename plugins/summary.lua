-- summary.lua: what is in a graph: counts by type, density, components, the degree
-- distribution, the most connected entities, the attributes in use, loops and multi-edges.
local format = require "cpg.format"

local plugin = {
  name = "summary",
  version = "1.0",
  description = "An overview of the graph: node and edge types, density, components, degree " ..
                "distribution, hubs, attribute coverage, self-loops and multi-edges.",
  usage = [[
  cpecgraph -p summary
  cpecgraph -p summary -a format=json my.json]],
  args = {
    top = {type = "integer", default = 5, help = "most connected entities to list"},
    format = {type = "string", default = "text", choices = {"text", "json"},
              help = "output format"},
  },
}

-- {{name, count}, ...} sorted by count (descending), then name.
local function sorted_counts(counts)
  local list = {}
  for name, n in pairs(counts) do list[#list + 1] = {name, n} end
  table.sort(list, function(a, b)
    if a[2] ~= b[2] then return a[2] > b[2] end
    return a[1] < b[1]
  end)
  return list
end

local function count_by(iterator, key_of)
  local counts = {}
  for element in iterator do
    local key = key_of(element)
    counts[key] = (counts[key] or 0) + 1
  end
  return counts
end

local function type_or_none(element)
  local t = format.kind(element)
  return t ~= "" and t or "(none)"
end

-- attribute name -> number of elements that have it
local function attribute_coverage(iterator)
  local counts = {}
  for element in iterator do
    for name in pairs(element) do counts[name] = (counts[name] or 0) + 1 end
  end
  return counts
end

local function loops_and_multi(graph)
  local loops, seen, multi = 0, {}, 0
  for edge in graph:edges() do
    local a, b = edge.source.id, edge.target.id
    if a == b then loops = loops + 1 end
    if not graph.directed and a > b then a, b = b, a end
    local key = a .. "\0" .. b
    if seen[key] then multi = multi + 1 end
    seen[key] = true
  end
  return loops, multi
end

local function collect(graph, args)
  local n, m = graph:node_count(), graph:edge_count()
  local degree = graph:degree()
  local s = {name = graph.attrs.name, nodes = n, edges = m, directed = graph.directed}
  s.density = n > 1 and m / (n * (n - 1)) * (graph.directed and 1 or 2) or 0
  s.node_types = sorted_counts(count_by(graph:nodes(), type_or_none))
  s.edge_types = sorted_counts(count_by(graph:edges(), type_or_none))
  s.components = #graph:components("weak")
  s.strong_components = graph.directed and #graph:components("strong") or s.components
  s.degree_histogram = sorted_counts(count_by(graph:nodes(), function(node)
    return degree[node.id] end))
  table.sort(s.degree_histogram, function(a, b) return a[1] < b[1] end)
  s.node_attributes = sorted_counts(attribute_coverage(graph:nodes()))
  s.edge_attributes = sorted_counts(attribute_coverage(graph:edges()))
  s.self_loops, s.multi_edges = loops_and_multi(graph)
  local hubs = {}
  for node in graph:nodes() do hubs[#hubs + 1] = node end
  table.sort(hubs, function(a, b)
    if degree[a.id] ~= degree[b.id] then return degree[a.id] > degree[b.id] end
    return a.id < b.id
  end)
  s.hubs = {}
  for i = 1, math.min(args.top, #hubs) do
    s.hubs[i] = {id = hubs[i].id, label = format.label(hubs[i]), degree = degree[hubs[i].id]}
  end
  return s
end

local function counts_line(list)
  local parts = {}
  for i, item in ipairs(list) do parts[i] = string.format("%s %d", item[1], item[2]) end
  return #parts > 0 and table.concat(parts, ", ") or "(none)"
end

local function coverage_line(list, total)
  local parts = {}
  for i, item in ipairs(list) do
    parts[i] = string.format("%s %d%%", item[1], math.floor(100 * item[2] / total + 0.5))
  end
  return table.concat(parts, ", ")
end

local function print_text(s)
  print(string.format("%s: %d nodes, %d edges, %s, density %.4f",
                      type(s.name) == "string" and s.name or "graph", s.nodes, s.edges,
                      s.directed and "directed" or "undirected", s.density))
  print(string.format("components: %d weak%s", s.components,
                      s.directed and string.format(", %d strong", s.strong_components) or ""))
  print(string.format("self-loops: %d; parallel edges: %d", s.self_loops, s.multi_edges))
  print("\nnode types: " .. counts_line(s.node_types))
  print("edge types: " .. counts_line(s.edge_types))
  print("\ndegree distribution (degree: nodes)")
  local widest = 0
  for _, item in ipairs(s.degree_histogram) do widest = math.max(widest, item[2]) end
  for _, item in ipairs(s.degree_histogram) do
    local bar = string.rep("#", math.max(1, math.floor(40 * item[2] / widest + 0.5)))
    print(string.format("%6s: %-40s %d", format.number(item[1]), bar, item[2]))
  end
  print("\nmost connected:")
  for i, hub in ipairs(s.hubs) do
    print(string.format("  %d. %s (%s), degree %s", i, hub.label, hub.id, format.number(hub.degree)))
  end
  if s.nodes > 0 then print("\nnode attributes: " .. coverage_line(s.node_attributes, s.nodes)) end
  if s.edges > 0 then print("edge attributes: " .. coverage_line(s.edge_attributes, s.edges)) end
end

-- JSON wants objects for the {name, count} pairs.
local function as_objects(list, key, value)
  local out = {}
  for i, item in ipairs(list) do out[i] = {[key] = item[1], [value] = item[2]} end
  return out
end

function plugin.run(graph, args)
  local s = collect(graph, args)
  if args.format == "json" then
    s.name = s.name or cpecgraph.null
    s.node_types = as_objects(s.node_types, "type", "count")
    s.edge_types = as_objects(s.edge_types, "type", "count")
    s.degree_histogram = as_objects(s.degree_histogram, "degree", "nodes")
    s.node_attributes = as_objects(s.node_attributes, "attribute", "nodes")
    s.edge_attributes = as_objects(s.edge_attributes, "attribute", "edges")
    print(format.json(s))
  else
    print_text(s)
  end
end

return plugin
