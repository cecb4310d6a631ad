-- timeline.lua: the rise and fall of each actor: a measure in every time window (degree,
-- PageRank, betweenness, or the number of relations of each type), for the top nodes, as a
-- table, CSV or an SVG line chart written here, with no external tool. Windows are what
-- graph:window keeps (docs/lua-api.md, "Time"): copy this plugin to chart anything else.
local format = require "cpg.format"

local plugin = {
  name = "timeline",
  version = "1.0",
  description = "A measure in every time window (degree, pagerank, betweenness, or the " ..
                "relations of each type), for the top nodes, as a table, CSV or SVG chart.",
  usage = [[
  cpecgraph -p timeline -a by=year dated.json
  cpecgraph -p timeline -a every=1y -a width=2y -a measure=pagerank dated.json
  cpecgraph -p timeline -a by=month -a measure=relations -a format=svg -o ties.svg dated.json]],
  args = {
    by = {type = "string", choices = {"year", "month", "week", "day"},
          help = "windows of one calendar year, month, week (from Monday) or day"},
    every = {type = "string", help = "the step between windows: N followed by y, m, w or d " ..
                                     "(1y, 6m, 2w, 10d); default: by's, or 1y"},
    width = {type = "string", help = "the length of each window, as every (default: every)"},
    from = {type = "string", help = "the windows cover this period and later (ISO 8601; the " ..
                                    "first starts at the calendar period, or step unit, " ..
                                    "holding it; default: the earliest date of a relation)"},
    to = {type = "string", help = "the windows cover up to the end of this period (default: " ..
                                  "the latest date of a relation)"},
    measure = {type = "string", default = "degree",
               choices = {"degree", "pagerank", "betweenness", "relations"},
               help = "per node, or \"relations\": how many relations of each type"},
    top = {type = "integer", default = 8,
           help = "series shown: the nodes (or types) whose highest value is highest (0 = all)"},
    undated = {type = "string", default = "drop", choices = {"drop", "keep"},
               help = "relations without a time: left out of every window, or in all of them"},
    format = {type = "string", default = "table", choices = {"table", "csv", "svg"},
              help = "output format"},
    title = {type = "string", help = "the chart's title (default: from the graph's name)"},
    raw = format.raw_arg,
  },
}

local MAX_WINDOWS = 2000
local UNITS = {y = "year", m = "month", w = "week", d = "day"}
local STEP_OF = {year = "1y", month = "1m", week = "1w", day = "1d"}

-- ---- calendar: dates as {y, m, d}, in UTC --------------------------------------------------

-- Days from 1970-01-01 to Y-M-D (Howard Hinnant's days_from_civil).
local function days_from_civil(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468
end

local function date_of(seconds)
  local t = os.date("!*t", math.floor(seconds))  -- os.date takes whole seconds
  return {y = t.year, m = t.month, d = t.day}
end

local function from_days(days)
  return date_of(days * 86400)
end

local function days_of(date)
  return days_from_civil(date.y, date.m, date.d)
end

local function iso(date)
  return string.format("%04d-%02d-%02d", date.y, date.m, date.d)
end

-- DATE moved by N of UNIT (months keep the day where the month has it, else its last day).
local function add(date, n, unit)
  if unit == "day" or unit == "week" then
    return from_days(days_of(date) + n * (unit == "week" and 7 or 1))
  end
  local months = (date.y * 12 + date.m - 1) + n * (unit == "year" and 12 or 1)
  local y, m = months // 12, months % 12 + 1
  local last = days_of({y = m == 12 and y + 1 or y, m = m == 12 and 1 or m + 1, d = 1}) -
               days_of({y = y, m = m, d = 1})
  return {y = y, m = m, d = math.min(date.d, last)}
end

-- The start of the UNIT that holds DATE: January 1st, the 1st, the Monday, the day.
local function align(date, unit)
  if unit == "year" then return {y = date.y, m = 1, d = 1} end
  if unit == "month" then return {y = date.y, m = date.m, d = 1} end
  if unit == "week" then return from_days(days_of(date) - (days_of(date) + 3) % 7) end
  return date
end

-- "2y" -> 2, "year"; a usage error naming ARG otherwise.
local function parse_step(text, arg)
  local n, letter = text:match("^(%d+)([ymwd])$")
  if not n or tonumber(n) == 0 then
    cpecgraph.usage(string.format("argument '%s': '%s' is not N followed by y, m, w or d " ..
                                  "(1y, 6m, 2w, 10d)", arg, text))
  end
  return tonumber(n), UNITS[letter]
end

-- ---- windows ------------------------------------------------------------------------------

-- The first and last dates any dated relation touches (open ends left out), or nil.
local function extent(graph)
  local first, last
  for e in graph:edges() do
    local s, t = e:time()
    if s then
      if s > -math.huge and (not first or s < first) then first = s end
      local latest = t < math.huge and math.max(s, t - (t > s and 1 or 0)) or s
      if latest > -math.huge and (not last or latest > last) then last = latest end
    end
  end
  return first, last
end

-- The first or (LAST) the last moment of the period an argument names.
local function moment_of(text, arg, last)
  local start, stop = cpecgraph.time(text)
  if not start then cpecgraph.usage(string.format("argument '%s': '%s': %s", arg, text, stop)) end
  return last and stop > start and stop - 1 or start
end

-- "2015", "2015-07", "2015-07-14" for one period; "2014..2015" and its kin for more; days
-- for windows that do not start a period (every=6m from March) and for weeks.
local function span_label(first, last, n, unit)
  local aligned = (unit ~= "year" or (first.m == 1 and first.d == 1)) and
                  (unit ~= "month" or first.d == 1) and unit ~= "week"
  local function period(date)
    if not aligned then return iso(date) end
    if unit == "year" then return tostring(date.y) end
    if unit == "month" then return string.format("%04d-%02d", date.y, date.m) end
    return iso(date)
  end
  if n == 1 and aligned then return period(first) end
  return period(first) .. ".." .. period(last)
end

-- The windows: {since = ISO day, until = ISO day (its last day), label}, in order.
local function windows(graph, args)
  local step, unit = parse_step(args.every or STEP_OF[args.by or "year"], "every")
  local wide, wide_unit = parse_step(args.width or args.every or STEP_OF[args.by or "year"],
                                     "width")
  local first, last = extent(graph)
  if args.from then first = moment_of(args.from, "from", false) end
  if args.to then last = moment_of(args.to, "to", true) end
  if not first or not last then
    cpecgraph.usage("no relation has a time (docs/lua-api.md, \"Time\", says which " ..
                    "attributes hold one); give from and to, or dated data")
  end
  if last < first then
    cpecgraph.usage(string.format("argument 'to': %s ends before 'from' begins",
                                  args.to or "the last date"))
  end
  local at, stop, out = align(date_of(first), unit), days_of(date_of(last)), {}
  while days_of(at) <= stop do
    if #out == MAX_WINDOWS then
      cpecgraph.usage(string.format("more than %d windows: give a longer 'every'", MAX_WINDOWS))
    end
    local ends = add(at, wide, wide_unit)
    local until_day = from_days(days_of(ends) - 1)
    out[#out + 1] = {since = iso(at), ["until"] = iso(until_day),
                     label = span_label(at, until_day, wide, wide_unit)}
    at = add(at, step, unit)
  end
  return out
end

-- ---- series -------------------------------------------------------------------------------

-- id -> value in window W of graph G for the node measures; type -> count for relations.
local function measure_in(w, measure)
  if measure == "relations" then
    local counts = {}
    for e in w:edges() do
      local kind = format.kind(e) ~= "" and format.kind(e) or "(no type)"
      counts[kind] = (counts[kind] or 0) + 1
    end
    return counts
  end
  if measure == "degree" then return w:degree() end
  if measure == "betweenness" then return w:betweenness() end
  return w:pagerank()
end

-- The series: {key, label, type, values = {per window}}, the TOP with the highest peak first
-- (ties by key).
local function series(graph, spans, args)
  local rows, by_key = {}, {}
  for i, span in ipairs(spans) do
    local w = graph:window(span.since, span["until"], {undated = args.undated})
    for key, value in pairs(measure_in(w, args.measure)) do
      local row = by_key[key]
      if not row then
        local node = args.measure ~= "relations" and graph:node(key)
        row = {key = key, label = node and format.label(node) or key,
               type = node and format.kind(node) or "relations", values = {}, peak = 0}
        by_key[key] = row
        rows[#rows + 1] = row
      end
      row.values[i] = value
      row.peak = math.max(row.peak, value)
    end
  end
  for _, row in ipairs(rows) do
    for i = 1, #spans do row.values[i] = row.values[i] or 0 end
  end
  table.sort(rows, function(a, b)
    if a.peak ~= b.peak then return a.peak > b.peak end
    return a.key < b.key
  end)
  local shown = {}
  for i = 1, (args.top > 0 and math.min(args.top, #rows) or #rows) do shown[i] = rows[i] end
  return shown
end

-- ---- output -------------------------------------------------------------------------------

local function print_table(graph, spans, rows, args)
  local name = graph.attrs.name
  print(string.format("%s: %s per window (%d window%s; undated relations %s)",
                      type(name) == "string" and name or "graph", args.measure, #spans,
                      #spans == 1 and "" or "s",
                      args.undated == "drop" and "left out" or "in every window"))
  local headers, right = {args.measure == "relations" and "type" or "label"}, {}
  for i, span in ipairs(spans) do
    headers[#headers + 1] = span.label
    right[i + 1] = true
  end
  local out = {}
  for _, row in ipairs(rows) do
    local cells = {format.shorten(row.label, 40)}
    for i = 1, #spans do cells[#cells + 1] = format.number(row.values[i]) end
    out[#out + 1] = cells
  end
  print(format.table(headers, out, right))
end

-- Tidy CSV, a row per series and window: what pandas, R and spreadsheets pivot.
local function print_csv(spans, rows, args)
  io.write(format.csv_row({"since", "until", "window", "id", "label", "type", args.measure},
                          args.raw))
  for _, row in ipairs(rows) do
    for i, span in ipairs(spans) do
      io.write(format.csv_row({span.since, span["until"], span.label, row.key, row.label,
                               row.type, row.values[i]}, args.raw))
    end
  end
end

-- Okabe and Ito's colour-blind-safe palette; past it, the colours again with dashes, so
-- that no two series look alike.
local COLOURS = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                 "#000000"}
local DASHES = {"", "6 3", "2 3", "8 3 2 3"}

-- A round step for an axis up to MAX with about five ticks.
local function tick_step(max)
  if max <= 0 then return 1 end
  local raw = max / 5
  local power = 10 ^ math.floor(math.log(raw, 10))
  for _, f in ipairs{1, 2, 2.5, 5, 10} do
    if raw <= f * power then return f * power end
  end
  return 10 * power
end

local function coordinate(v)
  return (string.format("%.2f", v):gsub("%.?0+$", ""))
end

local function svg_chart(graph, spans, rows, args)
  local x = cpecgraph.text
  local W, H, left, right, top, bottom = 900, 460, 70, 230, 60, 80
  local plot_w, plot_h = W - left - right, H - top - bottom
  local peak = 0
  for _, row in ipairs(rows) do peak = math.max(peak, row.peak) end
  local step = tick_step(peak)
  local y_max = math.max(step, math.ceil(peak / step) * step)
  local function px(i)
    return left + (#spans == 1 and plot_w / 2 or (i - 1) * plot_w / (#spans - 1))
  end
  local function py(v) return top + plot_h - v / y_max * plot_h end
  local out = x.buffer(io.write)
  local name = graph.attrs.name
  local title = args.title or string.format("%s: %s per window",
                                            type(name) == "string" and name or "Graph",
                                            args.measure)
  out:format('<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" ' ..
             'viewBox="0 0 %s %s" font-family="Liberation Sans, Arial, sans-serif" ' ..
             'font-size="12">\n', W, H, W, H)
  out:format('<title>%x</title>\n<rect width="100%%" height="100%%" fill="white"/>\n', title)
  out:format('<text x="%s" y="30" font-size="18" font-weight="bold">%x</text>\n', left, title)
  -- axes, grid and ticks
  for v = 0, y_max + step / 2, step do
    out:format('<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#ddd"/>\n', left, left + plot_w,
               coordinate(py(v)), coordinate(py(v)))
    out:format('<text x="%s" y="%s" text-anchor="end" dy="4">%x</text>\n', left - 8, coordinate(py(v)),
               format.number(v))
  end
  local every_label = math.max(1, math.ceil(#spans / 12))
  for i, span in ipairs(spans) do
    if (i - 1) % every_label == 0 then
      out:format('<text x="%s" y="%s" text-anchor="middle">%x</text>\n', coordinate(px(i)),
                 top + plot_h + 20, span.label)
    end
  end
  out:format('<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="#333"/>\n', left, left + plot_w,
             top + plot_h, top + plot_h)
  -- one line per series, a point per window with its value as a tooltip
  for k, row in ipairs(rows) do
    local colour = COLOURS[(k - 1) % #COLOURS + 1]
    local dash = DASHES[((k - 1) // #COLOURS) % #DASHES + 1]
    local points = {}
    for i = 1, #spans do
      points[i] = coordinate(px(i)) .. "," .. coordinate(py(row.values[i]))
    end
    out:format('<g class="series"><polyline fill="none" stroke="%s" stroke-width="2"%{ ' ..
               'stroke-dasharray="%a"%} points="%s"/>\n', colour,
               dash ~= "" and dash or nil, table.concat(points, " "))
    for i, span in ipairs(spans) do
      out:format('<circle cx="%s" cy="%s" r="3" fill="%s"><title>%x, %x: %x</title>' ..
                 '</circle>\n', coordinate(px(i)), coordinate(py(row.values[i])), colour,
                 row.label, span.label, format.number(row.values[i]))
    end
    local ly = top + 10 + (k - 1) * 20
    out:format('<line x1="%s" x2="%s" y1="%s" y2="%s" stroke="%s" stroke-width="3"%{ ' ..
               'stroke-dasharray="%a"%}/>\n<text x="%s" y="%s" dy="4">%x</text></g>\n',
               W - right + 20, W - right + 44, ly, ly, colour, dash ~= "" and dash or nil,
               W - right + 52, ly, format.shorten(row.label, 28))
  end
  local windows_text = args.by and not args.width and "One window per calendar " .. args.by
                       or string.format("Windows of %s, every %s",
                                        args.width or args.every or STEP_OF[args.by or "year"],
                                        args.every or STEP_OF[args.by or "year"])
  local note = string.format("%s; relations without a time %s.", windows_text,
                             args.undated == "drop" and "left out" or "in every window")
  local source = graph.attrs.source
  out:format('<text x="%s" y="%s" fill="#555">%x%{ Source: %x%}</text>\n</svg>\n', left, H - 20,
             note, type(source) == "string" and source or nil)
  out:flush()
end

function plugin.run(graph, args)
  if args.top < 0 then cpecgraph.usage("argument 'top': must be 0 (all) or more") end
  if args.by and args.every then
    cpecgraph.usage("give 'by' (calendar periods) or 'every', not both")
  end
  local spans = windows(graph, args)
  local rows = series(graph, spans, args)
  if args.format == "csv" then
    print_csv(spans, rows, args)
  elseif args.format == "svg" then
    svg_chart(graph, spans, rows, args)
  else
    print_table(graph, spans, rows, args)
  end
end

return plugin
