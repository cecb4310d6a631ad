-- cpg.dot: safe DOT output. Every text from the data goes through dot.quote, so that no id,
-- label or evidence can end a string early, inject attributes, or be read as HTML.
local dot = {}

-- A DOT double-quoted string. Backslashes are doubled (so "\N", "\G" and a trailing "\" mean
-- nothing), quotes escaped, line breaks become "\n" (a centred line break in labels), other
-- control characters spaces. Text stays UTF-8. (cpecgraph.text.dot; "%q" in its templates.)
dot.quote = cpecgraph.text.dot

-- Text for an HTML-like label: the five characters HTML gives a meaning are escaped, control
-- characters become spaces. (cpecgraph.text.html; "%h" in its templates.)
dot.html = cpecgraph.text.html

-- Black or white, whichever reads better on the colour FILL ("#RRGGBB").
function dot.text_colour(fill)
  local r, g, b = fill:match("^#(%x%x)(%x%x)(%x%x)$")
  if not r then return "black" end
  local luminance = (0.299 * tonumber(r, 16) + 0.587 * tonumber(g, 16) + 0.114 * tonumber(b, 16)) / 255
  return luminance < 0.5 and "white" or "black"
end

-- Only http(s) URLs pass into URL/href: nothing else (javascript:, file:, data:) reaches an SVG.
-- Graphviz copies URLs into SVG unescaped, so "&" is written as the entity it must become.
function dot.url(s)
  if type(s) == "string" and s:match("^[Hh][Tt][Tt][Pp][Ss]?://[^%s\"<>\\]+$") then
    return (s:gsub("&", "&amp;"))
  end
  return nil
end

-- "key=value, ..." from a table; values are quoted unless they are numbers. Keys come from the
-- plugin, never from the data.
function dot.attributes(attrs)
  local keys = {}
  for k in pairs(attrs) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts = {}
  for _, k in ipairs(keys) do
    local v = attrs[k]
    parts[#parts + 1] = k .. "=" .. (type(v) == "number" and string.format("%.4g", v)
                                                         or dot.quote(v))
  end
  return "[" .. table.concat(parts, ", ") .. "]"
end

-- Okabe and Ito's palette, distinguishable with every common colour-vision deficiency.
dot.palette = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
               "#999999"}
dot.shapes = {"ellipse", "box", "hexagon", "diamond", "octagon", "house", "parallelogram",
              "trapezium", "cylinder", "note", "component", "tab"}

-- Styles for the node types of the bundled data, so that its diagrams read the same every
-- time; other types get the remaining shape and colour pairs in order of their names.
dot.known_styles = {
  country = {shape = "box", fillcolor = "#0072B2"},
  person = {shape = "ellipse", fillcolor = "#E69F00"},
  initiative = {shape = "hexagon", fillcolor = "#009E73"},
  phase = {shape = "hexagon", fillcolor = "#56B4E9"},
  event = {shape = "note", fillcolor = "#F0E442"},
  field = {shape = "tab", fillcolor = "#CC79A7"},
}

local function style_key(style)
  return style.shape .. " " .. style.fillcolor
end

-- type -> {shape, fillcolor, fontcolor} for the sorted list TYPES: the known styles, then the
-- shape and colour pairs that no known style uses, in order.
function dot.styles_for(types)
  local taken = {}
  for _, style in pairs(dot.known_styles) do taken[style_key(style)] = true end
  local free = {}
  for _, shape in ipairs(dot.shapes) do
    for _, colour in ipairs(dot.palette) do
      local style = {shape = shape, fillcolor = colour}
      if not taken[style_key(style)] then free[#free + 1] = style end
    end
  end
  local styles, n = {}, 0
  for _, t in ipairs(types) do
    local style = dot.known_styles[t]
    if not style then
      n = n + 1
      style = free[(n - 1) % #free + 1]
    end
    styles[t] = {shape = style.shape, fillcolor = style.fillcolor,
                 fontcolor = dot.text_colour(style.fillcolor)}
  end
  return styles
end

-- Breaks TEXT into lines of about WIDTH characters at spaces, joined by newlines.
function dot.wrap(text, width)
  if #text <= width then return text end  -- most labels: no character can be past WIDTH
  local lines, line = {}, ""
  for word in text:gmatch("%S+") do
    if line ~= "" and (utf8.len(line) or #line) + 1 + (utf8.len(word) or #word) > width then
      lines[#lines + 1] = line
      line = word
    else
      line = line == "" and word or line .. " " .. word
    end
  end
  lines[#lines + 1] = line
  return table.concat(lines, "\n")
end

return dot
