-- cpg.repr: a value as the prompt shows it: strings quoted, lists as lists, tables to a depth
-- and a number of items, nodes, edges and graphs by what names them. For a plugin's own
-- debugging output too: print(require("cpg.repr").repr(t)).
local M = {}

M.width = 78   -- a table longer than this on one line gets a line per item
M.depth = 3    -- tables nested deeper show as {...}
M.items = 50   -- items of one table shown; then "... (N more)"

local ESCAPES = {['"'] = '\\"', ["\\"] = "\\\\", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t"}
local KEYWORDS = {}
for word in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do KEYWORDS[word] = true end

-- S with control characters escaped, C1 ones (U+0080 to U+009F, which terminals obey too)
-- as \u{..}: a value from a file cannot move the cursor or retitle the window.
local function visible(s)
  return (s:gsub("%c", function(c) return ESCAPES[c] or string.format("\\%03d", c:byte()) end)
           :gsub("\194([\128-\159])", function(c) return string.format("\\u{%x}", c:byte()) end))
end

-- S in MARK quotes (double by default), escaped.
local function quote(s, mark)
  mark = mark or '"'
  local escaped = s:gsub("\\", "\\\\"):gsub(mark, "\\" .. mark)
  return mark .. visible(escaped) .. mark
end

local function id_text(id)
  return quote(tostring(id), "'")
end

local function node_text(n)
  local ok, id = pcall(function() return n.id end)
  if not ok then return "Node (removed)" end
  local text = "Node " .. id_text(id)
  if n.type ~= nil then text = text .. " (" .. visible(tostring(n.type)) .. ")" end
  if n.label ~= nil and n.label ~= id then text = text .. " " .. quote(tostring(n.label)) end
  return text
end

local function edge_text(e)
  local ok, source = pcall(function() return e.source end)
  if not ok then return "Edge (removed)" end
  local text = string.format("Edge %s %s %s", id_text(source.id), e.graph.directed and "->" or "--",
                             id_text(e.target.id))
  if e.type ~= nil then text = text .. " (" .. visible(tostring(e.type)) .. ")" end
  return text
end

local function graph_text(g)
  local name = g.attrs.name
  return string.format("Graph%s (%s, %d nodes, %d edges)",
                       name ~= nil and " " .. quote(tostring(name)) or "",
                       g.directed and "directed" or "undirected", g:node_count(), g:edge_count())
end

local OBJECTS = {["cpecgraph.Node"] = node_text, ["cpecgraph.Edge"] = edge_text,
                 ["cpecgraph.Graph"] = graph_text}

-- Keys in a stable order: numbers first, then strings, then the rest by their text.
local function key_order(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then
    if ta == "number" or tb == "number" then return ta == "number" end
    if ta == "string" or tb == "string" then return ta == "string" end
    return tostring(a) < tostring(b)
  end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

local show

-- The entries of table T as texts ("key = value", or the value alone in a list), at most
-- M.items, and how many were left out.
local function entries(t, level, seen, indent)
  local n, count, list = rawlen(t), 0, true
  for k in next, t do
    count = count + 1
    list = list and math.type(k) == "integer" and k >= 1 and k <= n
  end
  local out = {}
  list = list and count == n  -- a list has its keys 1 to n, none missing
  if list then
    for i = 1, math.min(n, M.items) do out[i] = show(rawget(t, i), level + 1, seen, indent) end
    return out, n - #out
  end
  local keys = {}
  for k in next, t do keys[#keys + 1] = k end
  table.sort(keys, key_order)
  for i = 1, math.min(#keys, M.items) do
    local k = keys[i]
    local name = type(k) == "string" and k:match("^[%a_][%w_]*$") and not KEYWORDS[k] and k
                 or "[" .. show(k, M.depth, seen, indent) .. "]"
    out[i] = name .. " = " .. show(rawget(t, k), level + 1, seen, indent)
  end
  return out, #keys - #out
end

-- Whether T is a list of numbers, booleans and short strings (ids): those fill lines rather
-- than take one each.
local function scalars(t)
  for k, v in next, t do
    local kind = type(v)
    if math.type(k) ~= "integer" or not (kind == "number" or kind == "boolean" or
                                         kind == "string" and #v <= 32) then
      return false
    end
  end
  return rawlen(t) > 0
end

-- TEXTS joined by ", ", a new line (indented by INDENT) before one that would pass M.width.
local function filled(texts, indent)
  local lines, line = {}, ""
  for i, text in ipairs(texts) do
    local piece = text .. (i < #texts and "," or "")
    if line ~= "" and #indent + #line + 1 + #piece > M.width then
      lines[#lines + 1], line = line, piece
    else
      line = line == "" and piece or line .. " " .. piece
    end
  end
  lines[#lines + 1] = line
  return table.concat(lines, "\n" .. indent)
end

local function table_text(t, level, seen, indent)
  if next(t) == nil then return "{}" end
  if level >= M.depth then return "{...}" end
  if seen[t] then return "<cycle>" end
  seen[t] = true
  local out, left = entries(t, level, seen, indent)
  if left > 0 then out[#out + 1] = string.format("... (%d more)", left) end
  local line = "{" .. table.concat(out, ", ") .. "}"
  if #indent + #line > M.width or line:find("\n") then
    local inner = indent .. "  "
    out = entries(t, level, seen, inner)
    if left > 0 then out[#out + 1] = string.format("... (%d more)", left) end
    line = "{\n" .. inner .. (scalars(t) and filled(out, inner) or
                               table.concat(out, ",\n" .. inner)) .. "\n" .. indent .. "}"
  end
  seen[t] = nil
  return line
end

-- V as text, LEVEL tables deep, SEEN the tables being shown (a cycle shows as <cycle>).
show = function(v, level, seen, indent)
  local kind = type(v)
  if kind == "string" then return quote(v) end
  if kind ~= "table" and kind ~= "userdata" then return tostring(v) end
  local object = OBJECTS[getmetatable(v)]
  if object then return object(v) end
  if v == cpecgraph.null then return "null" end
  local meta = getmetatable(v)
  if kind == "userdata" or type(meta) == "string" or (type(meta) == "table" and meta.__tostring)
  then
    return tostring(v)
  end
  return table_text(v, level, seen, indent)
end

-- The text of V.
function M.repr(v)
  return show(v, 0, {}, "")
end

-- Prints each value as repr shows it, separated by tabs, as print does.
function M.print(...)
  local texts = table.pack(...)
  for i = 1, texts.n do texts[i] = M.repr(texts[i]) end
  print(table.concat(texts, "\t", 1, texts.n))
end

return M
