-- paths.lua: the shortest chains of relations between two entities, each hop with the evidence
-- that states it and the rest of its attributes (cpg.hops): `cpecgraph -p paths -a
-- from=wang_yi -a to=gwadar`.
local format = require "cpg.format"
local hops = require "cpg.hops"
local measures = require "cpg.measures"
local resolve = require "cpg.resolve"

local plugin = {
  name = "paths",
  version = "1.1",
  description = "The shortest chains of relations between two entities, hop by hop, with " ..
                "the evidence for each relation and every other attribute it has.",
  usage = [[
  cpecgraph -p paths -a from=wang_yi -a to=gwadar
  cpecgraph -p paths -a from="Ishaq Dar" -a to=Balochistan -a k=3
  cpecgraph -p paths -a from=china -a to=kabul -a mode=out -a format=json]],
  args = {
    from = {type = "string", help = "start: a node id, label, name or alias"},
    to = {type = "string", help = "end: a node id, label, name or alias"},
    k = {type = "integer", default = 0,
         help = "the k shortest paths (0 = every shortest path)"},
    mode = {type = "string", default = "all", choices = {"all", "out", "in"},
            help = "\"all\" follows relations either way; \"out\" only along their direction"},
    weights = {type = "string", help = "numeric edge attribute to use as lengths"},
    limit = {type = "integer", default = 20, help = "paths to print at most"},
    format = {type = "string", default = "text", choices = {"text", "json"},
              help = "output format"},
  },
}

local function print_text(graph, a, b, paths, args)
  local shown = math.min(#paths, args.limit)
  print(string.format("%d path%s from %s to %s%s", #paths, #paths == 1 and "" or "s",
                      format.label(a), format.label(b),
                      shown < #paths and string.format(" (first %d shown)", shown) or ""))
  for i = 1, shown do
    local path = paths[i]
    print(string.format("\n%d. %d hop%s", i, #path.edges, #path.edges == 1 and "" or "s"))
    local at = path.nodes[1]
    for _, edge in ipairs(path.edges) do
      local lines
      lines, at = hops.lines(graph, edge, at, "   ")
      print(table.concat(lines, "\n"))
    end
  end
end

local function print_json(paths)
  local out = {}
  for i, path in ipairs(paths) do
    local list, at = {}, path.nodes[1]
    for j, edge in ipairs(path.edges) do
      list[j] = hops.json(edge, at)
      at = list[j].to
    end
    out[i] = {nodes = path.nodes, hops = list}
  end
  print(format.json({paths = out}))
end

function plugin.run(graph, args)
  if not args.from or not args.to then
    cpecgraph.usage("give both ends: -a from=NODE -a to=NODE (an id, label, name or alias)")
  end
  if args.k < 0 then cpecgraph.usage("argument 'k': must be 0 (every shortest path) or more") end
  if args.limit < 1 then cpecgraph.usage("argument 'limit': must be 1 or more") end
  measures.check_weights(graph, args.weights)
  local a = resolve.node(graph, args.from, "argument 'from'")
  local b = resolve.node(graph, args.to, "argument 'to'")
  local paths = graph:shortest_paths(a, b, {k = args.k, mode = args.mode, weights = args.weights})
  if args.format == "json" then
    print_json(paths)
  elseif #paths == 0 then
    print(string.format("no path from %s to %s%s", format.label(a), format.label(b),
                        args.mode ~= "all" and " (try -a mode=all)" or ""))
  else
    print_text(graph, a, b, paths, args)
  end
end

return plugin
