-- Shared by the wrk scripts of tests/load-benchmark.sh. Settings come from the environment:
--   LOAD_KEYS      file with one API key per line (the generated annotators' keys)
--   LOAD_OUTLETS   number of generated outlets;  LOAD_ARTICLES  number of generated articles
--   LOAD_THREADS   wrk's -t (writes split the annotators between the threads)
--   LOAD_FROM / LOAD_TO   the score series window
-- Every thread seeds its own generator from its index, so the API and the baseline get the same requests.

local threads = 0

function setup(thread)
   thread:set("tid", threads)
   threads = threads + 1
end

keys = {}
outlets = tonumber(os.getenv("LOAD_OUTLETS"))
articles = tonumber(os.getenv("LOAD_ARTICLES"))
nthreads = tonumber(os.getenv("LOAD_THREADS") or "1")

function load_keys()
   for line in io.lines(os.getenv("LOAD_KEYS")) do
      if #line > 0 then keys[#keys + 1] = line end
   end
   assert(#keys > 0, "no API keys in " .. os.getenv("LOAD_KEYS"))
   assert(outlets and outlets > 0 and articles and articles > 0, "LOAD_OUTLETS and LOAD_ARTICLES must be set")
   math.randomseed(20261125 + 7919 * tid)
end

function id(prefix, n)
   return string.format("%s_%032d", prefix, n)
end

-- One machine-readable line for the harness (latencies in ms); wrk's own --latency text is printed above it.
function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "RESULT requests=%d duration_s=%.3f rps=%.2f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f status_errors=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      e.status, e.connect, e.read, e.write, e.timeout))
end

-- The first few failed responses of each thread, so that a failed run says what failed. A script that
-- defines response() makes wrk parse every response body; only the write script uses this.
local reported = 0
function report_failures(status, headers, body)
   if status >= 400 and reported < 3 then
      reported = reported + 1
      io.write(string.format("FAILED-RESPONSE status=%d body=%s\n", status, string.sub(body or "", 1, 400)))
   end
end
