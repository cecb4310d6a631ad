-- cpg.hops: one relation of a path as text and as JSON, with its evidence and every other
-- attribute it has, whatever the graph names them (paths, and plugins of your own).
local format = require "cpg.format"

local hops = {}

-- Attributes a hop shows in its own way: the type in the arrow, the evidence quoted.
local SHOWN_APART = {type = true, evidence = true}

-- "A --type--> B" when the hop from FROM_ID follows EDGE, "A <--type-- B" when it goes against
-- it ("--type--" both ways in an undirected graph); and the id it arrives at.
function hops.arrow(graph, edge, from_id)
  local forward = edge.source.id == from_id
  local a, b = graph:node(from_id), forward and edge.target or edge.source
  local kind = format.kind(edge) ~= "" and format.kind(edge) or "related"
  local arrow = not graph.directed and ("--" .. kind .. "--")
                or forward and ("--" .. kind .. "-->") or ("<--" .. kind .. "--")
  return string.format("%s %s %s", format.label(a), arrow, format.label(b)), b.id
end

-- The text of one attribute value: numbers with every digit (a coordinate is not rounded),
-- lists and objects as JSON.
local function value_text(v)
  if type(v) == "number" then return cpecgraph.text.number(v) end
  if type(v) == "table" then return cpecgraph.to_json(v) end
  return tostring(v)
end

-- The evidence of EDGE quoted (“...”), or nil; and its other attributes, "name: value" in
-- name order joined by "; ", or nil.
function hops.details(edge)
  local attrs, names = edge:attributes(), {}
  for name in pairs(attrs) do
    if not SHOWN_APART[name] then names[#names + 1] = name end
  end
  table.sort(names)
  local parts = {}
  for i, name in ipairs(names) do parts[i] = name .. ": " .. value_text(attrs[name]) end
  local evidence = attrs.evidence ~= nil and ("“" .. value_text(attrs.evidence) .. "”") or nil
  return evidence, #parts > 0 and table.concat(parts, "; ") or nil
end

-- The lines of a hop, indented by INDENT: the arrow, then the evidence and the other
-- attributes, each further indented; and the id it arrives at.
function hops.lines(graph, edge, from_id, indent)
  local arrow, to = hops.arrow(graph, edge, from_id)
  local lines = {indent .. arrow}
  local evidence, others = hops.details(edge)
  if evidence then lines[#lines + 1] = indent .. "    " .. evidence end
  if others then lines[#lines + 1] = indent .. "    " .. others end
  return lines, to
end

-- A hop as a JSON-ready table: from, to, forward, type, evidence and every attribute.
function hops.json(edge, from_id)
  local forward = edge.source.id == from_id
  return {from = from_id, to = forward and edge.target.id or edge.source.id, forward = forward,
          type = edge.type or cpecgraph.null, evidence = edge.evidence or cpecgraph.null,
          attributes = edge:attributes()}
end

return hops
