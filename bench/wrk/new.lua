-- POST /conversations/<prefix><counter>/parse {"query":"/greet"}: the first turn of a new conversation on every
-- request. The prefix (first script argument) must be unique per run so no id is reused.
local prefix = "n"
local counter = 0

function init(args)
  if args[1] then prefix = args[1] end
end

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"query":"/greet"}'

function request()
  counter = counter + 1
  return wrk.format(nil, "/conversations/" .. prefix .. counter .. "/parse")
end
