-- wrk script: POST a SOAP body whose __SKU__ placeholder becomes a different part number per request.
--   wrk -t2 -c32 -d10s --latency -s wrk_post.lua URL -- BODYFILE PART_COUNT PART_FORMAT
-- Prints one line "WRKJSON {...}" with the totals and latency percentiles (microseconds).
local head, tail
local parts = 1000
local format = "BO-%06d"
local counter = 0
local threads = 0

function setup(thread)
   thread:set("offset", threads * 7919)
   threads = threads + 1
end

function init(args)
   local file = assert(io.open(args[1], "rb"))
   local body = file:read("*a")
   file:close()
   parts = tonumber(args[2] or "1000")
   format = args[3] or format
   local s, e = string.find(body, "__SKU__", 1, true)
   assert(s, "the body has no __SKU__ placeholder")
   head, tail = body:sub(1, s - 1), body:sub(e + 1)
   counter = tonumber(offset) or 0
   wrk.method = "POST"
   wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
   wrk.headers["SOAPAction"] = '""'
end

function request()
   counter = counter + 1
   return wrk.format(nil, nil, nil, head .. string.format(format, counter % parts + 1) .. tail)
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      'WRKJSON {"requests":%d,"duration_us":%d,"errors":%d,"non2xx":%d,"p50_us":%d,"p99_us":%d}\n',
      summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
      latency:percentile(50), latency:percentile(99)))
end
