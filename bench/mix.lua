-- mix.lua - the requests `make bench` sends with wrk: each kind is a list of paths taken
-- in turn (no randomness, so runs are comparable). BENCH_KIND chooses one kind, or "mix"
-- for all of them interleaved in the proportions of real use. Organization ids come from
-- ids.lua, written by bench/run.sh for the directory under test.

local kind = os.getenv("BENCH_KIND") or "mix"
local ids = dofile(os.getenv("BENCH_IDS") or "ids.lua")

local words = { "clinique", "food", "logement", "femmes", "juridique", "santé",
  "cuisine", "travailleurs", "shelter", "médecin", "français", "comida" }
local places = { "Verdun", "Parc-Extension", "H2X", "45.52,-73.58", "Rosemont",
  "Côte-des-Neiges", "H3N 1A1", "Saint-Henri" }

local function encode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", c:byte()) end))
end

local paths = {}
paths.json_words = {}
paths.json_filters = {
  "/api/v1/search?category=food",
  "/api/v1/search?category=health&commitment=no-status-questions",
  "/api/v1/search?language=es&fees=free",
  "/api/v1/search?category=legal&language=ar",
  "/api/v1/search?commitment=no-border-agency&category=housing&fees=free",
}
paths.json_near = {}
paths.html_results = {}
paths.html_detail = {}
paths.home = { "/" }

for _, w in ipairs(words) do
  table.insert(paths.json_words, "/api/v1/search?q=" .. encode(w))
  table.insert(paths.html_results, "/search?q=" .. encode(w))
end
for _, p in ipairs(places) do
  table.insert(paths.json_near, "/api/v1/search?near=" .. encode(p) .. "&sort=distance")
end
for _, id in ipairs(ids) do
  table.insert(paths.html_detail, "/organizations/" .. id)
end

-- The mix: what a day of visits might look like, per 20 requests.
local weights = { json_words = 4, json_filters = 2, json_near = 3, html_results = 5,
  html_detail = 4, home = 2 }
if kind == "mix" then
  local mixed = {}
  local order = { "html_results", "json_words", "html_detail", "json_near", "json_filters", "home" }
  local cursor = {}
  for round = 1, 6 do
    for _, k in ipairs(order) do
      if round <= weights[k] then
        cursor[k] = (cursor[k] or 0) % #paths[k] + 1
        table.insert(mixed, paths[k][cursor[k]])
      end
    end
  end
  paths.mix = mixed
end

local list = paths[kind]
if list == nil then
  error("unknown BENCH_KIND " .. kind)
end

local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", list[(counter % #list) + 1])
end
