-- POST /api/v1/articles/{articleId}/ratings: one value on a random dimension of a random article, as the
-- generated annotators. Thread t uses the annotators i with i % LOAD_THREADS == t, in turn, and walks the
-- articles with a stride prime to their count, so that no two requests in flight are the same annotator
-- rating the same article (which the API answers 409 by design): the run measures writes, not that race.
-- About half the requests re-rate a generated rating (a new revision), the rest create one.
dofile(os.getenv("LOAD_LUA_DIR") .. "/common.lua")

local dimensions = {
   { "factual_accuracy", 0, 100 }, { "sourcing_transparency", 0, 100 }, { "framing_neutrality", 0, 100 },
   { "headline_fidelity", 0, 100 }, { "slant", -100, 100 },
}
local mine = {}
local n = 0
local start = 0
local stride = 7919

function init(args)
   load_keys()
   for i = 1, #keys do
      if (i - 1) % nthreads == tid then mine[#mine + 1] = keys[i] end
   end
   assert(#mine > 0, "more threads than annotators")
   assert(articles % stride ~= 0, "the article count must be prime to " .. stride)
   start = math.random(0, articles - 1)
end

function request()
   n = n + 1
   local article = id("art", (start + n * stride) % articles)
   local d = dimensions[math.random(#dimensions)]
   local body = string.format('{"values":[{"dimension":"%s","value":%d}]}', d[1], math.random(d[2], d[3]))
   return wrk.format("POST", "/api/v1/articles/" .. article .. "/ratings",
      { ["X-Api-Key"] = mine[(n % #mine) + 1], ["Content-Type"] = "application/json" }, body)
end

response = report_failures
