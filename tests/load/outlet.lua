-- GET /api/v1/outlets/{id} over every generated outlet, as a random annotator.
dofile(os.getenv("LOAD_LUA_DIR") .. "/common.lua")

function init(args)
   load_keys()
end

function request()
   local path = "/api/v1/outlets/" .. id("out", math.random(0, outlets - 1))
   return wrk.format("GET", path, { ["X-Api-Key"] = keys[math.random(#keys)] })
end
