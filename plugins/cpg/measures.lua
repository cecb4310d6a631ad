-- cpg.measures: the node measures of the graph API by name, with their conventions in one line
-- each, for plugins that let the user choose measures (centrality, dot's size=).
local measures = {}

measures.names = {"degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
                  "pagerank", "hubs", "authorities", "coreness"}

local options = {
  degree = {mode = true, normalized = true},
  strength = {weights = true, mode = true, normalized = true},
  betweenness = {weights = true, mode = true, normalized = true},
  closeness = {weights = true, mode = true, normalized = true},
  harmonic = {weights = true, mode = true, normalized = true},
  eigenvector = {weights = true, mode = true, normalized = true},
  pagerank = {weights = true, mode = true},
  hubs = {weights = true, normalized = true},
  authorities = {weights = true, normalized = true},
  coreness = {mode = true},
}

local known = {}
for _, name in ipairs(measures.names) do known[name] = true end

-- Raises a clear error for a name that is no measure.
function measures.check(name)
  if not known[name] then
    error(string.format("unknown measure '%s' (one of: %s)", name,
                        table.concat(measures.names, ", ")), 0)
  end
end

-- Raises a usage error unless every edge has a number in attribute NAME (nil: nothing to check).
function measures.check_weights(graph, name)
  if not name then return end
  for edge in graph:edges() do
    if type(edge.attrs[name]) ~= "number" then
      cpecgraph.usage(string.format("argument 'weights': edge '%s' -> '%s' has no numeric '%s'",
                                    edge.source.id, edge.target.id, name))
    end
  end
end

-- measures.compute(graph, name, opts) -> id -> value, passing each measure only the options it
-- takes (weights, mode, normalized), so that one set of options serves every measure.
function measures.compute(graph, name, opts)
  measures.check(name)
  local accepted = {}
  for key, value in pairs(opts or {}) do
    if options[name][key] then accepted[key] = value end
  end
  return graph[name](graph, accepted)
end

return measures
