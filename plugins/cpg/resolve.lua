-- cpg.resolve: find the node a user means by an id, a label or an alias, with suggestions when
-- nothing matches. Plugins that take node names as arguments share it (paths, dot).
local resolve = {}

-- A name as it is compared: case-folded as Unicode does, so that "ZÜRICH" finds "Zürich".
local fold = cpecgraph.text.fold

local function lower(s)
  return type(s) == "string" and fold(s) or nil
end

-- The names a node answers to: its id, its label, its name, its aliases.
local function names_of(node)
  local names = {node.id}
  if type(node.label) == "string" then names[#names + 1] = node.label end
  if type(node.name) == "string" then names[#names + 1] = node.name end
  if type(node.aliases) == "table" then
    for _, alias in ipairs(node.aliases) do
      if type(alias) == "string" then names[#names + 1] = alias end
    end
  end
  return names
end

-- Edit distance (for hints only, on short strings).
local function distance(a, b)
  if math.abs(#a - #b) > 3 then return 99 end
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = {[0] = i}
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

-- resolve.node(graph, name[, what]) -> node handle. An exact id wins; then a label, name or alias
-- equal to NAME ignoring case (Unicode's case folding). When nothing, or more than one node, matches, raises a usage
-- error (exit 2) that starts with WHAT (e.g. "argument 'from'") and names the closest names.
function resolve.node(graph, name, what)
  local prefix = what and (what .. ": ") or ""
  local node = graph:node(name)
  if node then return node end
  local wanted, found, best, best_d = lower(name), {}, nil, 4
  for n in graph:nodes() do
    for _, candidate in ipairs(names_of(n)) do
      if lower(candidate) == wanted then
        found[#found + 1] = n
        break
      end
      local d = distance(lower(candidate), wanted)
      if d < best_d then best, best_d = candidate, d end
    end
  end
  if #found == 1 then return found[1] end
  if #found > 1 then
    local ids = {}
    for i, n in ipairs(found) do ids[i] = n.id end
    cpecgraph.usage(string.format("%s'%s' names %d nodes (%s): use an id", prefix, name, #found,
                                  table.concat(ids, ", ")))
  end
  if best then
    cpecgraph.usage(string.format("%sno node is called '%s' (did you mean '%s'?)", prefix, name,
                                  best))
  end
  cpecgraph.usage(string.format("%sno node is called '%s' (by id, label, name or alias)",
                                prefix, name))
end

return resolve
