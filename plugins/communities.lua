-- communities.lua: find communities (groups of densely tied nodes), list their members, and
-- show the strongest ties between them. Same --seed, same communities.
local format = require "cpg.format"
local measures = require "cpg.measures"

local plugin = {
  name = "communities",
  version = "1.0",
  description = "Communities of the graph (Louvain, Leiden, label propagation, walktrap, " ..
                "infomap) with their members, sizes, modularity and the ties between them.",
  usage = [[
  cpecgraph -p communities
  cpecgraph -p communities -a method=leiden -a resolution=0.5 my.json
  cpecgraph -p communities -a format=csv -o communities.csv]],
  args = {
    method = {type = "string", default = "louvain",
              choices = {"louvain", "leiden", "label_propagation", "walktrap", "infomap"},
              help = "community detection method"},
    resolution = {type = "number",
                  help = "modularity resolution for louvain and leiden (1 if not given): " ..
                         "higher gives smaller groups; the modularity shown is at resolution " ..
                         "1, as NetworkX's modularity(), and the quality optimised at this " ..
                         "resolution is shown beside it"},
    weights = {type = "string", help = "numeric edge attribute to use as weights"},
    ties = {type = "integer", default = 5, help = "strongest ties between communities to list"},
    format = {type = "string", default = "table", choices = {"table", "csv", "json"},
              help = "output format"},
    raw = format.raw_arg,
  },
}

-- {a, b, weight} for every pair of communities joined by edges, strongest first.
local function ties_between(graph, membership, weights)
  local sum, pairs_list = {}, {}
  for edge in graph:edges() do
    local a, b = membership[edge.source.id], membership[edge.target.id]
    if a ~= b then
      if a > b then a, b = b, a end
      local key = a .. " " .. b
      if not sum[key] then
        sum[key] = {a = a, b = b, weight = 0, edges = 0}
        pairs_list[#pairs_list + 1] = sum[key]
      end
      sum[key].weight = sum[key].weight + (weights and edge[weights] or 1)
      sum[key].edges = sum[key].edges + 1
    end
  end
  table.sort(pairs_list, function(x, y)
    if x.weight ~= y.weight then return x.weight > y.weight end
    if x.a ~= y.a then return x.a < y.a end
    return x.b < y.b
  end)
  return pairs_list
end

local function labels_of(graph, ids)
  local labels = {}
  for i, id in ipairs(ids) do labels[i] = format.label(graph:node(id)) end
  table.sort(labels)
  return labels
end

local function print_table(graph, result, ties, args)
  -- at another resolution the method optimises another quality: both are shown, labelled,
  -- so that the modularity reads as NetworkX's modularity() does
  local quality = result.resolution ~= 1 and
                  string.format(", quality %.4f at resolution %s", result.quality,
                                format.number(result.resolution)) or ""
  print(string.format("%d communities by %s, modularity %.4f (at resolution 1)%s", result.count,
                      result.method, result.modularity, quality))
  for c, ids in ipairs(result.groups) do
    print(string.format("\n%d. %d node%s", c, #ids, #ids == 1 and "" or "s"))
    print("   " .. table.concat(labels_of(graph, ids), "; "))
  end
  if #ties > 0 and args.ties > 0 then
    print("\nstrongest ties between communities:")
    local rows = {}
    for i = 1, math.min(args.ties, #ties) do
      local t = ties[i]
      rows[i] = {tostring(t.a), tostring(t.b), format.number(t.weight), tostring(t.edges)}
    end
    print(format.table({"from", "to", "weight", "edges"}, rows, {true, true, true, true}))
  end
end

local function print_csv(graph, result, raw)
  io.write(format.csv_row({"id", "label", "type", "community"}, raw))
  for c, ids in ipairs(result.groups) do
    for _, id in ipairs(ids) do
      local node = graph:node(id)
      io.write(format.csv_row({id, format.label(node), format.kind(node), c}, raw))
    end
  end
end

local function print_json(graph, result, ties)
  local communities = {}
  for c, ids in ipairs(result.groups) do
    local members = {}
    for i, id in ipairs(ids) do members[i] = {id = id, label = format.label(graph:node(id))} end
    communities[c] = {community = c, size = #ids, members = members}
  end
  print(format.json({method = result.method, modularity = result.modularity,
                     resolution = result.resolution, quality = result.quality,
                     count = result.count, communities = communities, ties = ties}))
end

local takes_resolution = {louvain = true, leiden = true}

function plugin.run(graph, args)
  if args.resolution and not takes_resolution[args.method] then
    cpecgraph.usage("argument 'resolution': only louvain and leiden take it")
  end
  measures.check_weights(graph, args.weights)
  local result = graph:communities{method = args.method, resolution = args.resolution,
                                   weights = args.weights}
  local ties = ties_between(graph, result.membership, args.weights)
  if args.format == "csv" then
    print_csv(graph, result, args.raw)
  elseif args.format == "json" then
    print_json(graph, result, ties)
  else
    print_table(graph, result, ties, args)
  end
end

return plugin
