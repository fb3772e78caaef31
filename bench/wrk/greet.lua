-- POST /conversations/c<random 1..N>/parse {"query":"/greet"}: turns on existing conversations.
-- N is the first script argument (default 1000). Also used against the bare Kestrel endpoint.
local n = 1000

function init(args)
  if args[1] then n = tonumber(args[1]) end
  math.randomseed(os.time())
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"/greet"}'

function request()
  return wrk.format(nil, "/conversations/c" .. math.random(1, n) .. "/parse")
end
