-- paths.lua: the shortest chains of relations between two entities, each hop with the evidence
-- that states it: `cpecgraph -p paths -a from=wang_yi -a to=gwadar`.
local format = require "cpg.format"
local measures = require "cpg.measures"
local resolve = require "cpg.resolve"

local plugin = {
  name = "paths",
  version = "1.0",
  description = "The shortest chains of relations between two entities, hop by hop, with " ..
                "the evidence for each relation.",
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

-- "A --type--> B" when the hop follows the edge, "A <--type-- B" when it goes against it.
local function hop_text(graph, edge, from_id)
  local a, b = graph:node(from_id), nil
  local forward = edge.source.id == from_id
  b = forward and edge.target or edge.source
  local kind = format.kind(edge) ~= "" and format.kind(edge) or "related"
  if not graph.directed then
    return string.format("%s --%s-- %s", format.label(a), kind, format.label(b)), b.id
  end
  local arrow = forward and ("--" .. kind .. "-->") or ("<--" .. kind .. "--")
  return string.format("%s %s %s", format.label(a), arrow, format.label(b)), b.id
end

local function evidence_text(edge)
  local evidence = type(edge.evidence) == "string" and edge.evidence or nil
  if not evidence then return nil end
  -- who said it: the bundled graph's attributed_to, or the source that FtM, STIX and GDELT
  -- evidence is read with
  local source = edge.attributed_to or edge.evidence_source or edge.source_ref
  source = type(source) == "string" and (" (" .. source .. ")") or ""
  return "“" .. evidence .. "”" .. source
end

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
      local text, next_id = hop_text(graph, edge, at)
      print("   " .. text)
      local evidence = evidence_text(edge)
      if evidence then print("       " .. evidence) end
      at = next_id
    end
  end
end

local function print_json(graph, paths)
  local out = {}
  for i, path in ipairs(paths) do
    local hops, at = {}, path.nodes[1]
    for j, edge in ipairs(path.edges) do
      local next_id = edge.source.id == at and edge.target.id or edge.source.id
      hops[j] = {from = at, to = next_id, type = edge.type or cpecgraph.null,
                 forward = edge.source.id == at, evidence = edge.evidence or cpecgraph.null,
                 attributed_to = edge.attributed_to or cpecgraph.null,
                 evidence_source = edge.evidence_source or cpecgraph.null}
      at = next_id
    end
    out[i] = {nodes = path.nodes, hops = hops}
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
    print_json(graph, paths)
  elseif #paths == 0 then
    print(string.format("no path from %s to %s%s", format.label(a), format.label(b),
                        args.mode ~= "all" and " (try -a mode=all)" or ""))
  else
    print_text(graph, a, b, paths, args)
  end
end

return plugin
