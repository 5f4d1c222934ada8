-- GET /api/v1/outlets/{id}/scores: a weekly series of factual_accuracy over the whole generated window
-- (5 years, 261 ISO weeks, in the full data set), for a random outlet, as a random annotator.
dofile(os.getenv("LOAD_LUA_DIR") .. "/common.lua")

local query = "/scores?dimensions=factual_accuracy&bucket=week&methodology=v1&from=" .. os.getenv("LOAD_FROM") .. "&to=" .. os.getenv("LOAD_TO")

function init(args)
   load_keys()
end

function request()
   local path = "/api/v1/outlets/" .. id("out", math.random(0, outlets - 1)) .. query
   return wrk.format("GET", path, { ["X-Api-Key"] = keys[math.random(#keys)] })
end
